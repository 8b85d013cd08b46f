import CausewayCore
import Foundation

/// The demo government loaded by `causeway serve --demo`: the Republic of Meridia, six
/// agencies with their people, systems and a catalogue of realistic datasets. It exists so a
/// newcomer sees a working exchange in minutes, and so tests and benchmarks run on data with
/// the shape of the real thing (restricted health data, open statistics, a city's open data).
public enum DemoGovernment {
    public static let agencies: [Agency] = [
        Agency(code: "health-ministry", name: "Ministry of Health",
               description: "Public health surveillance, hospitals and the national immunisation programme.",
               homepage: "https://health.gov.meridia.example", email: "data@health.gov.meridia.example"),
        Agency(code: "social-services", name: "Ministry of Social and Family Services",
               description: "Benefits, family support, shielding support for vulnerable residents.",
               homepage: "https://social.gov.meridia.example", email: "data@social.gov.meridia.example"),
        Agency(code: "land-authority", name: "Land and Property Authority",
               description: "Keeper of the national address register, cadastre and land titles.",
               homepage: "https://land.gov.meridia.example", email: "registry@land.gov.meridia.example"),
        Agency(code: "statistics-office", name: "National Statistics Office",
               description: "Official statistics on population, economy and society.",
               homepage: "https://stats.gov.meridia.example", email: "info@stats.gov.meridia.example"),
        Agency(code: "capital-city", name: "Capital City Council",
               description: "Municipal services for the capital: waste, parks, permits, local transport.",
               homepage: "https://capital.meridia.example", email: "opendata@capital.meridia.example"),
        Agency(code: "transport-authority", name: "National Transport Authority",
               description: "Public transport planning, road safety and vehicle registration.",
               homepage: "https://transport.gov.meridia.example", email: "data@transport.gov.meridia.example"),
    ]

    /// Client systems: the machines that will call the gateway.
    public static let systems: [ClientSystem] = [
        ClientSystem(agency: "health-ministry", code: "case-registry", name: "Communicable disease case registry"),
        ClientSystem(agency: "social-services", code: "shielding-portal", name: "Shielding support portal"),
        ClientSystem(agency: "statistics-office", code: "census-pipeline", name: "Census and survey pipeline"),
        ClientSystem(agency: "land-authority", code: "address-service", name: "National address service"),
        ClientSystem(agency: "capital-city", code: "resident-services", name: "Resident services desk"),
        ClientSystem(agency: "transport-authority", code: "journey-planner", name: "Journey planner"),
        ClientSystem(agency: "social-services", code: "citizen-portal", name: "My data: the citizen transparency portal",
                     description: "Shows residents which agencies used their records, and why.", roles: [.citizenPortal]),
    ]

    /// People. Every agency has a steward, a DPO and an engineer, so agreements can be walked
    /// through four-eyes approval without creating anyone.
    public static let users: [User] = {
        var users = [User(username: "operator", displayName: "Node Operator", isOperator: true)]
        let people: [(String, String, [String])] = [
            ("health-ministry", "hm", ["Amara Okafor", "Daniel Reyes", "Priya Natarajan"]),
            ("social-services", "ss", ["Lucía Fernández", "Tomasz Nowak", "Grace Mensah"]),
            ("land-authority", "la", ["Henrik Larsen", "Aisha Rahman", "Jonas Weber"]),
            ("statistics-office", "so", ["Mei Lin", "Samuel Adeyemi", "Clara Rossi"]),
            ("capital-city", "cc", ["Olivia Brown", "Mateus Silva", "Yuki Tanaka"]),
            ("transport-authority", "ta", ["Fatima Zahra", "Liam O'Connor", "Nadia Petrova"]),
        ]
        for (agency, prefix, names) in people {
            for (role, name) in zip([Role.steward, .dpo, .engineer], names) {
                users.append(User(username: "\(prefix).\(role.rawValue)", displayName: name,
                                  memberships: [Membership(agency: agency, role: role)]))
            }
        }
        // The health ministry's contact tracer (issue upload codes, read contact lists).
        users.append(User(username: "hm.tracer", displayName: "Kofi Asante",
                          memberships: [Membership(agency: "health-ministry", role: .tracer)]))
        users.append(User(username: "viewer", displayName: "Public Viewer",
                          memberships: [Membership(agency: "statistics-office", role: .viewer)]))
        return users
    }()

    /// The demo catalogue, as drafts the loader validates like any client's.
    public static var datasets: [DatasetDraft] { specs.map(\.draft) }

    static let specs: [DemoDatasetSpec] = [
        // Ministry of Health
        .init("health-ministry", "COVID-19 daily case counts by region",
              "Confirmed COVID-19 cases, hospital admissions and deaths per region and day, as reported to the national surveillance system.",
              ["covid-19", "epidemiology", "surveillance", "cases"], [.HEAL], .public, .DAILY, "2020-03-01", nil, "Meridia",
              ["date:date*!", "region_code:string*!", "confirmed_cases:integer*", "hospital_admissions:integer", "deaths:integer"]),
        .init("health-ministry", "Vaccination uptake by age group",
              "Doses administered in the national immunisation programme by week, region, age band and dose number.",
              ["vaccination", "immunisation", "covid-19", "influenza"], [.HEAL], .public, .WEEKLY, "2021-01-04", nil, "Meridia",
              ["week:string*!", "region_code:string*!", "age_band:string*!", "dose:integer*!", "doses_administered:integer*"]),
        .init("health-ministry", "Vulnerable persons register",
              "Residents advised to shield: clinically extremely vulnerable people identified from hospital and GP records, with contact details for support services.",
              ["shielding", "vulnerable", "covid-19", "personal data"], [.HEAL, .SOCI], .personal, .DAILY, "2020-03-23", nil, "Meridia",
              ["person_id:string*!", "full_name:string*", "date_of_birth:date*", "address_id:string*", "phone:string", "condition_group:string*", "needs_food_support:boolean", "gp_practice:string"]),
        .init("health-ministry", "Hospital bed occupancy",
              "Occupied and available general, intensive care and isolation beds per hospital, updated every morning.",
              ["hospitals", "capacity", "intensive care", "beds"], [.HEAL], .public, .DAILY, "2020-04-01", nil, "Meridia",
              ["date:date*!", "hospital_code:string*!", "general_beds_occupied:integer", "icu_beds_occupied:integer", "icu_beds_available:integer"]),
        .init("health-ministry", "Registered health facilities",
              "Hospitals, clinics, pharmacies and testing sites with location, type and opening hours.",
              ["facilities", "clinics", "pharmacies", "testing sites"], [.HEAL], .public, .MONTHLY, "2019-01-01", nil, "Meridia",
              ["facility_id:string*!", "name:string*", "type:string*", "location:geopoint", "opening_hours:string"]),
        .init("health-ministry", "Positive test results for contact tracing",
              "Laboratory-confirmed positive tests with the identifiers contact tracers need to reach the case.",
              ["contact tracing", "testing", "laboratory", "personal data"], [.HEAL], .personal, .CONT, "2020-03-01", nil, "Meridia",
              ["test_id:string*!", "person_id:string*", "sample_date:date*", "result_date:datetime*", "lab_code:string*"]),
        // Social and Family Services
        .init("social-services", "Shielding support deliveries",
              "Food parcels and medicine deliveries made to shielding residents, by week and district.",
              ["shielding", "food support", "deliveries"], [.SOCI, .HEAL], .restricted, .WEEKLY, "2020-04-06", "2021-07-31", "Meridia",
              ["week:string*!", "district:string*!", "food_parcels:integer*", "medicine_deliveries:integer*"]),
        .init("social-services", "Benefit claimants by district",
              "Number of people claiming each working-age and family benefit, by district and month.",
              ["benefits", "welfare", "claimants", "social protection"], [.SOCI, .ECON], .public, .MONTHLY, "2015-01-01", nil, "Meridia",
              ["month:string*!", "district:string*!", "benefit:string*!", "claimants:integer*"]),
        .init("social-services", "Household support case records",
              "Case records of households receiving emergency support: household members, needs assessment and payments.",
              ["cases", "households", "emergency support", "personal data"], [.SOCI], .personal, .DAILY, "2018-01-01", nil, "Meridia",
              ["case_id:string*!", "household_id:string*", "opened:date*", "needs:string", "payment_total:number"]),
        .init("social-services", "Childcare places and providers",
              "Registered childcare providers with capacity, vacancies and inspection grade.",
              ["childcare", "early years", "providers"], [.SOCI, .EDUC], .public, .QUARTERLY, "2017-01-01", nil, "Meridia",
              ["provider_id:string*!", "name:string*", "district:string*", "places:integer*", "vacancies:integer", "grade:string"]),
        .init("social-services", "Foster care placements",
              "Aggregated foster care placements, starts and ends by age band and region, with small counts suppressed.",
              ["foster care", "children", "placements"], [.SOCI, .JUST], .restricted, .ANNUAL, "2012-01-01", nil, "Meridia",
              ["year:year*!", "region_code:string*!", "age_band:string*!", "placements:integer", "starts:integer", "ends:integer"]),
        // Land and Property Authority
        .init("land-authority", "National address register",
              "Every postal address in Meridia with its unique address identifier, coordinates and building reference: the single source of truth for addresses.",
              ["addresses", "postcodes", "geospatial", "reference data"], [.REGI, .GOVE], .public, .DAILY, "2010-01-01", nil, "Meridia",
              ["address_id:string*!", "street:string*", "house_number:string", "postcode:string*", "locality:string*", "location:geopoint"]),
        .init("land-authority", "Land parcels (cadastre)",
              "Cadastral parcels with boundaries, area and land use classification.",
              ["cadastre", "parcels", "land use", "geospatial"], [.REGI, .AGRI], .public, .MONTHLY, "2005-01-01", nil, "Meridia",
              ["parcel_id:string*!", "area_m2:number*", "land_use:string*", "municipality:string*"]),
        .init("land-authority", "Property ownership titles",
              "Registered owners of land titles, with dates of transfer. Owner identities are personal data.",
              ["ownership", "titles", "property", "personal data"], [.JUST, .REGI], .personal, .DAILY, "1995-01-01", nil, "Meridia",
              ["title_id:string*!", "parcel_id:string*", "owner_id:string*", "owner_name:string*", "registered:date*"]),
        .init("land-authority", "Residential property sales prices",
              "Sale prices of residential properties by month and municipality, median and count.",
              ["house prices", "property", "housing market"], [.ECON, .REGI], .public, .MONTHLY, "2000-01-01", nil, "Meridia",
              ["month:string*!", "municipality:string*!", "sales:integer*", "median_price:number*"]),
        .init("land-authority", "Building footprints",
              "Building outlines with height, use and construction year, derived from aerial survey.",
              ["buildings", "footprints", "aerial survey", "3d"], [.REGI, .ENVI], .public, .ANNUAL, "2016-01-01", nil, "Meridia",
              ["building_id:string*!", "height_m:number", "use:string", "built:year"]),
        // National Statistics Office
        .init("statistics-office", "Population estimates by age and sex",
              "Mid-year resident population estimates by single year of age, sex and region.",
              ["population", "demography", "census", "age"], [.SOCI], .public, .ANNUAL, "2001-01-01", nil, "Meridia",
              ["year:year*!", "region_code:string*!", "age:integer*!", "sex:string*!", "population:integer*"]),
        .init("statistics-office", "Consumer price index",
              "Monthly consumer price index and inflation rate, all items and by division.",
              ["inflation", "prices", "cpi", "economy"], [.ECON], .public, .MONTHLY, "1990-01-01", nil, "Meridia",
              ["month:string*!", "division:string*!", "index_value:number*", "annual_rate:number"]),
        .init("statistics-office", "Labour force survey",
              "Employment, unemployment and economic inactivity rates by quarter, region and age band.",
              ["employment", "unemployment", "labour market", "survey"], [.ECON, .SOCI], .public, .QUARTERLY, "2005-01-01", nil, "Meridia",
              ["quarter:string*!", "region_code:string*!", "age_band:string*!", "employment_rate:number", "unemployment_rate:number"]),
        .init("statistics-office", "Census 2021 microdata sample",
              "A 1% sample of anonymised census records for accredited researchers.",
              ["census", "microdata", "research", "population"], [.SOCI], .restricted, .NEVER, "2021-03-21", "2021-03-21", "Meridia",
              ["record_id:string*!", "age_band:string=0-15|16-24|25-44|45-64|65+*", "sex:string=F|M*", "region_code:string=R01|R02|R03|R04|R05*",
               "household_size:integer", "occupation:string"]),
        .init("statistics-office", "Gross domestic product by quarter",
              "Quarterly GDP in current and constant prices, with growth rates and sector breakdown.",
              ["gdp", "national accounts", "economy", "growth"], [.ECON], .public, .QUARTERLY, "1995-01-01", nil, "Meridia",
              ["quarter:string*!", "sector:string*!", "gdp_current:number*", "gdp_constant:number*", "growth_rate:number"]),
        .init("statistics-office", "Deaths registered weekly",
              "Weekly registered deaths by region, age band and cause group, with the five-year average for comparison.",
              ["mortality", "deaths", "excess deaths", "covid-19"], [.SOCI, .HEAL], .public, .WEEKLY, "2010-01-01", nil, "Meridia",
              ["week:string*!", "region_code:string*!", "age_band:string*!", "deaths:integer*", "five_year_average:number"]),
        // Capital City Council
        .init("capital-city", "Waste collection schedule",
              "Collection days for household waste, recycling and garden waste by street.",
              ["waste", "recycling", "bins", "collection"], [.ENVI, .REGI], .public, .WEEKLY, "2022-01-01", nil, "Capital City",
              ["street_id:string*!", "street:string*", "waste_day:string*", "recycling_day:string", "garden_day:string"]),
        .init("capital-city", "Parks and open spaces",
              "Parks, playgrounds and sports grounds with facilities and opening hours.",
              ["parks", "playgrounds", "green space", "recreation"], [.ENVI, .EDUC], .public, .ANNUAL, "2018-01-01", nil, "Capital City",
              ["park_id:string*!", "name:string*", "area_ha:number", "facilities:string", "location:geopoint"]),
        .init("capital-city", "Building permit applications",
              "Applications for building permits with status, decision date and address.",
              ["permits", "planning", "construction"], [.GOVE, .REGI], .public, .DAILY, "2015-01-01", nil, "Capital City",
              ["application_id:string*!", "address_id:string*", "received:date*", "status:string*", "decided:date"]),
        .init("capital-city", "Air quality measurements",
              "Hourly NO2, PM10 and PM2.5 concentrations from the city's monitoring stations.",
              ["air quality", "pollution", "no2", "particulates"], [.ENVI, .HEAL], .public, .CONT, "2016-01-01", nil, "Capital City",
              ["station_id:string*!", "measured_at:datetime*!", "no2:number", "pm10:number", "pm25:number"]),
        .init("capital-city", "Council tax accounts",
              "Council tax accounts with liable persons, band and payment status.",
              ["council tax", "revenue", "personal data"], [.GOVE, .ECON], .personal, .DAILY, "2012-01-01", nil, "Capital City",
              ["account_id:string*!", "address_id:string*", "liable_person:string*", "band:string*", "arrears:number"]),
        .init("capital-city", "Street lighting faults",
              "Reported street light faults with location, report date and repair date.",
              ["street lighting", "faults", "maintenance"], [.REGI], .public, .DAILY, "2019-01-01", nil, "Capital City",
              ["fault_id:string*!", "location:geopoint*", "reported:datetime*", "repaired:datetime"]),
        // National Transport Authority
        .init("transport-authority", "Public transport stops",
              "Bus, tram and rail stops with names, coordinates and accessibility information.",
              ["public transport", "stops", "bus", "rail", "accessibility"], [.TRAN], .public, .WEEKLY, "2015-01-01", nil, "Meridia",
              ["stop_id:string*!", "name:string*", "mode:string*", "location:geopoint*", "step_free:boolean"]),
        .init("transport-authority", "Road traffic collisions",
              "Reported road collisions with severity, vehicles involved, location and conditions.",
              ["road safety", "collisions", "accidents"], [.TRAN, .JUST], .public, .MONTHLY, "2005-01-01", nil, "Meridia",
              ["collision_id:string*!", "date:date*", "severity:string*", "vehicles:integer*", "location:geopoint"]),
        .init("transport-authority", "Vehicle registrations",
              "Registered vehicles with keeper identity and address, for enforcement and emergency contact.",
              ["vehicles", "registration", "keepers", "personal data"], [.TRAN], .personal, .DAILY, "2000-01-01", nil, "Meridia",
              ["registration:string*!", "keeper_id:string*", "keeper_name:string*", "address_id:string*", "make:string"]),
        .init("transport-authority", "Ridership by route and day",
              "Passenger boardings per route and day across bus, tram and rail.",
              ["ridership", "passengers", "public transport", "covid-19"], [.TRAN], .public, .DAILY, "2018-01-01", nil, "Meridia",
              ["date:date*!", "route_id:string*!", "boardings:integer*"]),
        .init("transport-authority", "Electric vehicle charging points",
              "Public charging points with connector types, power and availability.",
              ["electric vehicles", "charging", "energy"], [.TRAN, .ENER], .public, .WEEKLY, "2019-01-01", nil, "Meridia",
              ["charger_id:string*!", "location:geopoint*", "connector:string*", "power_kw:number*", "operator:string"]),
        .init("transport-authority", "Traffic counts on national roads",
              "Hourly vehicle counts from automatic counters on the national road network.",
              ["traffic", "roads", "counts"], [.TRAN], .public, .CONT, "2012-01-01", nil, "Meridia",
              ["counter_id:string*!", "hour:datetime*!", "vehicles:integer*", "heavy_vehicles:integer"]),
    ]
}

/// A compact description of one demo dataset; `draft` expands it into the full metadata.
struct DemoDatasetSpec: Sendable {
    let agency: String
    let title: String
    let description: String
    let keywords: [String]
    let themes: [Theme]
    let access: AccessRights
    let frequency: Frequency
    let start: String
    let end: String?
    let spatial: String
    /// Columns as `name:type`, with `*` for required and `!` for primary-key parts.
    let columns: [String]

    init(
        _ agency: String, _ title: String, _ description: String, _ keywords: [String], _ themes: [Theme],
        _ access: AccessRights, _ frequency: Frequency, _ start: String, _ end: String?, _ spatial: String,
        _ columns: [String]
    ) {
        self.agency = agency
        self.title = title
        self.description = description
        self.keywords = keywords
        self.themes = themes
        self.access = access
        self.frequency = frequency
        self.start = start
        self.end = end
        self.spatial = spatial
        self.columns = columns
    }

    var schema: TableSchema {
        var fields: [TableSchema.Field] = []
        var primaryKey: [String] = []
        for column in columns {
            var spec = Substring(column)
            let isKey = spec.hasSuffix("!")
            if isKey { spec = spec.dropLast() }
            let isRequired = spec.hasSuffix("*")
            if isRequired { spec = spec.dropLast() }
            // name:type, then =a|b|c for a closed list of values (a categorical column).
            let declared = spec.split(separator: "=", maxSplits: 1)
            let values = declared.count > 1 ? declared[1].split(separator: "|").map(String.init) : nil
            let parts = declared[0].split(separator: ":")
            let name = String(parts[0])
            let type = parts.count > 1 ? TableSchema.FieldType(rawValue: String(parts[1])) ?? .string : .string
            fields.append(TableSchema.Field(
                name: name, type: type, title: name.replacingOccurrences(of: "_", with: " ").capitalized,
                constraints: isRequired || values != nil ? .init(required: isRequired ? true : nil, enum: values) : nil))
            if isKey { primaryKey.append(name) }
        }
        return TableSchema(fields: fields, primaryKey: primaryKey.isEmpty ? nil : primaryKey, missingValues: [""])
    }

    var draft: DatasetDraft {
        let name = Slug.from(title)
        let host = DemoGovernment.agencies.first { $0.code == agency }?.homepage ?? "https://data.meridia.example"
        var distributions = [
            DistributionDraft(
                id: name + "-csv", title: "\(title) (CSV)", format: "CSV", mediaType: "text/csv",
                accessURL: "\(host)/data/\(name)", downloadURL: "\(host)/data/\(name).csv", schema: schema),
        ]
        if access == .public {
            distributions.append(DistributionDraft(
                id: name + "-jsonl", title: "\(title) (JSON Lines)", format: "JSONL",
                mediaType: "application/jsonl", accessURL: "\(host)/data/\(name)",
                downloadURL: "\(host)/data/\(name).jsonl", schema: schema))
        } else {
            distributions.append(DistributionDraft(
                id: name + "-api", title: "\(title) (exchange API)", format: "API", mediaType: "application/json",
                accessURL: "\(host)/exchange/\(agency)/datasets/\(name)/records", schema: schema))
        }
        let contact = DemoGovernment.agencies.first { $0.code == agency }
        return DatasetDraft(
            name: name, title: title, description: description, publisher: agency, keywords: keywords,
            themes: themes, contactPoint: ContactPoint(name: "\(contact?.name ?? agency) data team",
                                                       email: contact?.email ?? "data@meridia.example"),
            license: access == .public ? "CC-BY-4.0" : "restricted", accessRights: access,
            accrualPeriodicity: frequency, temporal: TemporalCoverage(start: start, end: end), spatial: spatial,
            landingPage: "\(host)/datasets/\(name)", version: "1.0", distributions: distributions)
    }
}
