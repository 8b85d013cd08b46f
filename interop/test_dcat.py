"""Parses the DCAT-AP catalogue with rdflib, as an RDF harvester would."""
import urllib.request

import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")


@pytest.fixture(scope="module")
def graph(base_url):
    with urllib.request.urlopen(f"{base_url}/catalog.jsonld", timeout=30) as response:
        assert response.headers["Content-Type"].startswith("application/ld+json")
        body = response.read()
    return Graph().parse(data=body, format="json-ld")


@pytest.fixture(scope="module")
def package_count(base_url):
    import json
    with urllib.request.urlopen(f"{base_url}/api/3/action/package_list", timeout=30) as response:
        return len(json.load(response)["result"])


def test_counts(graph, package_count):
    datasets = set(graph.subjects(RDF.type, DCAT.Dataset))
    distributions = set(graph.subjects(RDF.type, DCAT.Distribution))
    catalogs = set(graph.subjects(RDF.type, DCAT.Catalog))
    assert len(catalogs) == 1
    assert len(datasets) == package_count
    linked = {d for ds in datasets for d in graph.objects(ds, DCAT.distribution)}
    assert linked == distributions
    assert set(graph.objects(next(iter(catalogs)), DCAT.dataset)) == datasets


def test_dataset_properties(graph):
    for dataset in graph.subjects(RDF.type, DCAT.Dataset):
        for prop in (DCTERMS.title, DCTERMS.description, DCTERMS.publisher, DCTERMS.identifier, DCTERMS.accessRights):
            assert graph.value(dataset, prop) is not None, f"{dataset} lacks {prop}"
        publisher = graph.value(dataset, DCTERMS.publisher)
        assert isinstance(publisher, URIRef)
        assert graph.value(publisher, Namespace("http://xmlns.com/foaf/0.1/").name) is not None
        contact = graph.value(dataset, DCAT.contactPoint)
        assert contact is not None and graph.value(contact, VCARD.hasEmail) is not None
        for theme in graph.objects(dataset, DCAT.theme):
            assert str(theme).startswith("http://publications.europa.eu/resource/authority/data-theme/")


def test_distribution_properties(graph):
    for distribution in graph.subjects(RDF.type, DCAT.Distribution):
        assert isinstance(graph.value(distribution, DCAT.accessURL), URIRef), "DCAT-AP requires dcat:accessURL"
        assert graph.value(distribution, DCTERMS.format) is not None
        assert graph.value(distribution, DCTERMS.license) is not None


def test_dates_are_typed(graph):
    XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
    for dataset in graph.subjects(RDF.type, DCAT.Dataset):
        assert graph.value(dataset, DCTERMS.modified).datatype == XSD.dateTime


def test_services_are_data_services(graph, base_url):
    import json
    with urllib.request.urlopen(f"{base_url}/api/v1/services", timeout=30) as response:
        registered = {f'{s["provider"]}/{s["code"]}' for s in json.load(response)["results"]}
    services = set(graph.subjects(RDF.type, DCAT.DataService))
    assert {str(graph.value(s, DCTERMS.identifier)) for s in services} == registered and registered
    catalog = next(iter(graph.subjects(RDF.type, DCAT.Catalog)))
    assert set(graph.objects(catalog, DCAT.service)) == services
    for service in services:
        endpoint = graph.value(service, DCAT.endpointURL)
        assert str(endpoint).startswith(f"{base_url}/exchange/")
        assert graph.value(service, DCTERMS.accessRights) is not None


HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
FORMATS = {"jsonld": ("application/ld+json", "json-ld"), "ttl": ("text/turtle", "turtle"), "rdf": ("application/rdf+xml", "xml")}


def fetch(url, accept=None):
    request = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.headers["Content-Type"], response.read()


def test_turtle_and_rdf_xml_say_what_json_ld_says(base_url):
    """rdflib parses the three serialisations of the catalogue and finds the same graph."""
    from rdflib.compare import isomorphic

    graphs = {}
    for extension, (media_type, rdflib_format) in FORMATS.items():
        content_type, body = fetch(f"{base_url}/catalog.{extension}")
        assert content_type.startswith(media_type)
        graphs[extension] = Graph().parse(data=body, format=rdflib_format)
        # The same page in the same format through the catalogue's IRI and Accept.
        negotiated_type, negotiated = fetch(f"{base_url}/catalog", accept=media_type)
        assert negotiated_type.startswith(media_type)
        assert isomorphic(Graph().parse(data=negotiated, format=rdflib_format), graphs[extension])
    # The Hydra node names the page in its own format; apart from those links the graphs agree.
    def without_paging(graph):
        kept = Graph()
        for triple in graph:
            if not str(triple[1]).startswith(str(HYDRA)) and triple[2] != HYDRA.PagedCollection:
                kept.add(triple)
        return kept
    assert len(graphs["jsonld"]) > 500
    assert isomorphic(without_paging(graphs["ttl"]), without_paging(graphs["jsonld"]))
    assert isomorphic(without_paging(graphs["rdf"]), without_paging(graphs["jsonld"]))
    # A dataset's IRI answers in each format too.
    dataset = next(graphs["ttl"].subjects(RDF.type, DCAT.Dataset))
    for extension, (media_type, rdflib_format) in FORMATS.items():
        content_type, body = fetch(str(dataset), accept=media_type)
        assert content_type.startswith(media_type)
        one = Graph().parse(data=body, format=rdflib_format)
        assert (dataset, RDF.type, DCAT.Dataset) in one
        assert one.value(dataset, DCTERMS.modified) == graphs["jsonld"].value(dataset, DCTERMS.modified)


def next_page(page):
    """ckanext-dcat's rule: hydra:next of the PagedCollection, else the older hydra:nextPage."""
    for collection in page.subjects(RDF.type, HYDRA.PagedCollection):
        for link in list(page.objects(collection, HYDRA.next)) + list(page.objects(collection, HYDRA.nextPage)):
            return str(link)
    return None


def harvest(url, rdflib_format):
    """ckanext-dcat's RDF harvester's loop: parse a page, follow the next page until none."""
    datasets, pages = [], 0
    while url:
        _, body = fetch(url)
        page = Graph().parse(data=body, format=rdflib_format)
        pages += 1
        datasets += list(page.subjects(RDF.type, DCAT.Dataset))
        url = next_page(page)
        if url:
            # Both names lead to the same page.
            collection = next(page.subjects(RDF.type, HYDRA.PagedCollection))
            assert str(page.value(collection, HYDRA.nextPage)) == url
        assert pages < 100, "the paging does not end"
    return datasets, pages, page


def test_hydra_paging_reaches_every_dataset_once(base_url, package_count):
    datasets, pages, last = harvest(f"{base_url}/catalog.ttl?page_size=7", "turtle")
    assert len(datasets) == len(set(datasets)) == package_count
    assert pages == -(-package_count // 7)
    collection = next(last.subjects(RDF.type, HYDRA.PagedCollection))
    assert int(last.value(collection, HYDRA.totalItems)) == package_count
    assert str(last.value(collection, HYDRA.lastPage)).endswith(f"page={pages}&page_size=7")


def test_modified_since_gives_only_what_changed(base_url):
    import json
    with urllib.request.urlopen(f"{base_url}/api/3/action/package_search?rows=1000", timeout=30) as response:
        packages = json.load(response)["result"]["results"]
    times = sorted(p["metadata_modified"] for p in packages)
    since = times[len(times) // 2]
    datasets, _, _ = harvest(f"{base_url}/catalog.rdf?modified_since={since}Z", "xml")
    assert len(datasets) == sum(t >= since for t in times)
    with pytest.raises(urllib.error.HTTPError) as refused:
        fetch(f"{base_url}/catalog.ttl?modified_since=yesterday")
    assert refused.value.code == 400
