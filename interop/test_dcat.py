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
