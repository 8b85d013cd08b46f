/// `help_show`: what each action Causeway answers does, in CKAN's manner, so that the `help`
/// address every CKAN answer carries leads to a description instead of an unknown action.
enum CKANHelp {
    static let texts: [String: String] = [
        "status_show": "Return a dictionary with information about the site's configuration: title, address, CKAN version and extensions.",
        "site_read": "Return true: the site may be read.",
        "help_show": "Return the help string for an action. name: the action's name.",
        "package_list": "Return the names of the site's datasets (packages). limit, offset: page through them.",
        "package_show": "Return a dataset (package) and its resources. id: the dataset's id or name.",
        "package_search": """
            Search the datasets. q, fq: Solr query syntax (words, field:value, "phrases", AND/OR/NOT/+/-, parentheses, \
            ranges such as metadata_modified:[NOW-1DAY TO *]) on name, id, title, notes, text, tags, organization, groups, \
            res_format, license_id, state, metadata_modified, metadata_created; facet.field: a JSON list of fields to count; \
            rows, start: paging; sort: e.g. 'metadata_modified desc' or 'id asc'. \
            Causeway ranks with its own index: every word must match, titles weigh more than keywords and descriptions.
            """,
        "organization_list": "Return the names of the organizations (agencies). all_fields: whole dictionaries with package counts.",
        "organization_show": "Return an organization (agency). id: its code; include_datasets: its datasets too.",
        "group_list": "Return the groups: the DCAT themes in use. all_fields: whole dictionaries with package counts.",
        "group_show": "Return a group (a DCAT theme, by its lowercase code such as 'heal'). include_datasets: its datasets too.",
        "group_package_show": "Return a group's datasets, most recently modified first. id: the group; limit: how many (default 1000).",
        "tag_list": "Return the tags (keywords) in use. query: only tags containing it; all_fields: whole dictionaries.",
        "resource_show": "Return a resource (distribution). id: its id.",
        "package_create": """
            Create a dataset (needs a token of an engineer, steward or admin of owner_org). name, title, notes, owner_org, \
            license_id, tags, groups (DCAT themes), maintainer, maintainer_email, url, version, private, resources, extras \
            (access_rights, frequency, temporal_start, temporal_end, spatial_text, theme); id and metadata_created are kept \
            when given, as a migration needs. What Causeway cannot map is a Validation Error naming the field.
            """,
        "package_update": "Replace a dataset with the dictionary given (as package_create). id: the dataset's id or name.",
        "package_patch": "Change only the fields given of a dataset; the rest stay as package_show returns them. id: its id or name.",
        "package_delete": "Delete a dataset; its hosted tables are purged after the retention period. id: its id or name.",
        "resource_create": "Add a resource (distribution) to a dataset. package_id; name, description, format, url, mimetype, size, schema.",
        "resource_update": "Replace a resource with the fields given. id: the resource's id.",
        "resource_patch": "Change only the fields given of a resource. id: the resource's id.",
        "resource_delete": "Remove a resource from its dataset. id: the resource's id.",
        "organization_create": "Register an agency (node operators only). name (its code), title, description; extras homepage and email.",
        "organization_update": "Replace an agency's title, description and extras (operators and the agency's admins). id: its code.",
        "organization_patch": "Change only the fields given of an agency. id: its code.",
        "organization_delete": "Refused: Causeway keeps agencies, because their agreements and transparency-log entries name them.",
        "datastore_search": "Search a hosted table. resource_id; q; filters (JSON); fields; sort; limit, offset; include_total.",
        "datastore_info": "Return a hosted table's fields and row count. id: the resource id.",
        "datastore_create": "Create or replace a hosted table (the publisher's engineers only). resource_id; fields; records; primary_key.",
        "datastore_upsert": "Insert, update or upsert rows of a hosted table (the publisher's engineers only). resource_id; records; method.",
        "datastore_delete": "Delete rows of a hosted table, or all of them (the publisher's engineers only). resource_id; filters.",
    ]
}
