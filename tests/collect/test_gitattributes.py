from bot.collect.gitattributes import parse_gitattributes


def test_reads_set_and_unset_linguist_attributes_in_order() -> None:
    text = """
# comment
*.gen.go linguist-generated
api/openapi.json linguist-generated=true
docs/vendor/** -linguist-vendored
legacy/** linguist-vendored text eol=lf
fixtures/*.json linguist-generated=false
"""
    attributes = parse_gitattributes(text)
    assert attributes.generated == (
        ("*.gen.go", True),
        ("api/openapi.json", True),
        ("fixtures/*.json", False),
    )
    assert attributes.vendored == (("docs/vendor/**", False), ("legacy/**", True))
