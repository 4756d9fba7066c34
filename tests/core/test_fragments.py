"""core.fragments: values kept under the content version, large HTML compressed."""

from core import fragments, page_cache


def test_kept_until_the_content_changes_and_large_html_round_trips(
    db,
    django_capture_on_commit_callbacks,
):
    renders = []
    big = "<p>Héron & ‘kingfisher’</p>" * 2000  # well over the compression threshold

    def render():
        renders.append(1)
        return big

    first = fragments.cached("test", [1, "a"], render)
    assert first == big and len(renders) == 1
    assert fragments.cached("test", [1, "a"], render) == big and len(renders) == 1
    assert fragments.cached("test", [2, "a"], render) == big and len(renders) == 2
    with django_capture_on_commit_callbacks(execute=True):
        page_cache.bump()
    assert fragments.cached("test", [1, "a"], render) == big and len(renders) == 3


def test_free_text_parts_make_plain_short_keys():
    key = fragments._key("search_count:pages", ["'; DROP TABLE --" * 30])
    assert len(key) < 150 and " " not in key and "'" not in key
