def test_fresh_instance_asks_for_setup(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/setup")


def test_member_sees_home(member_client):
    response = member_client.get("/")
    assert response.status_code == 200
    assert "Hello, Mia Member" in response.get_data(as_text=True)
