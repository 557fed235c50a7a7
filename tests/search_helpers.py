"""Steps the search tests share: the page for a query, and the rows a search found."""


def result_page(client, query: str, **args) -> str:
    """The search page for a query (and `kind=...`), as text."""
    response = client.get("/search", query_string={"q": query, **args})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def found_rows(results, key: str) -> list:
    """The rows of one kind a search found, newest first (each asking of a question)."""
    for group in results.groups:
        if group.kind.key == key:
            if key == "questions":
                return [entry.row for question in group.entries for entry in question.asked]
            return [entry.row for entry in group.entries]
    return []
