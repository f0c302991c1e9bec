"""IBM's own Python SDKs, unchanged, against the sandbox."""

import pytest
from ibm_cloud_sdk_core import ApiException
from ibm_cloud_sdk_core.authenticators import IAMAuthenticator
from ibm_platform_services import IamIdentityV1, ResourceManagerV2

ACCOUNT_ID = "b3c8a1d2e4f5061728394a5b6c7d8e9f"
USER_IAM_ID = "IBMid-6900001ABC"


def authenticator(base_url: str, apikey: str = "demo-apikey") -> IAMAuthenticator:
    return IAMAuthenticator(apikey, url=f"{base_url}/api/iam")


def test_iam_authenticator_gets_a_bearer_token(base_url):
    auth = authenticator(base_url)
    token = auth.token_manager.get_token()
    assert token.count(".") == 2


def test_iam_authenticator_reports_a_bad_key(base_url):
    auth = authenticator(base_url, "no-such-key")
    with pytest.raises(ApiException) as e:
        auth.token_manager.get_token()
    assert e.value.status_code == 400
    assert "Provided API key could not be found." in e.value.message


def test_resource_manager_lists_resource_groups(base_url):
    svc = ResourceManagerV2(authenticator=authenticator(base_url))
    svc.set_service_url(f"{base_url}/api/resource-controller")
    groups = svc.list_resource_groups(account_id=ACCOUNT_ID).get_result()["resources"]
    assert [(g["name"], g["default"]) for g in groups] == [("Default", True), ("dev", False)]
    one = svc.get_resource_group(id=groups[1]["id"]).get_result()
    assert one["name"] == "dev"


def test_iam_identity_api_key_lifecycle(base_url):
    svc = IamIdentityV1(authenticator=authenticator(base_url))
    svc.set_service_url(f"{base_url}/api/iam")
    created = svc.create_api_key(name="sdk-key", iam_id=USER_IAM_ID, description="from the SDK").get_result()
    assert created["apikey"]
    key_id = created["id"]
    listed = svc.list_api_keys(iam_id=USER_IAM_ID).get_result()["apikeys"]
    assert "sdk-key" in [k["name"] for k in listed]
    assert svc.get_api_key(id=key_id).get_result()["name"] == "sdk-key"
    # The new key logs in.
    authenticator(base_url, created["apikey"]).token_manager.get_token()
    svc.delete_api_key(id=key_id)
    with pytest.raises(ApiException) as e:
        svc.get_api_key(id=key_id)
    assert e.value.status_code == 404


def test_container_registry(base_url):
    from ibm_container_registry.container_registry_v1 import ContainerRegistryV1

    cr = ContainerRegistryV1(account=ACCOUNT_ID, authenticator=authenticator(base_url))
    cr.set_service_url(f"{base_url}/api/registry/us-south")
    assert cr.list_namespaces().get_result() == ["demo-ns", "team-apps"]
    cr.create_namespace(name="sdk-space")
    assert "sdk-space" in cr.list_namespaces().get_result()
    details = cr.list_namespace_details().get_result()
    assert {d["name"] for d in details} >= {"demo-ns", "sdk-space"}
    images = cr.list_images(namespace="demo-ns").get_result()
    assert sorted(t for i in images for t in i["RepoTags"]) == [
        "us.icr.io/demo-ns/api:2.4.1", "us.icr.io/demo-ns/web:1.27", "us.icr.io/demo-ns/web:latest"]
    quota = cr.get_quota().get_result()
    assert quota["limit"]["storage_bytes"] == 536870912
    cr.delete_namespace(name="sdk-space")
    assert "sdk-space" not in cr.list_namespaces().get_result()
    with pytest.raises(ApiException) as e:
        cr.create_namespace(name="Bad!")
    assert e.value.status_code == 400
