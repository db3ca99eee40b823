"""pages.jsonld: JSON-LD that can never close its <script> element."""

import json

from pages.jsonld import ld_json

# --------------------------------------------------------------------------------------------------
# JSON-LD escaping


def test_ld_json_escapes_like_json_script():
    text = ld_json({"a": "</script><b>&</b>"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"a": "</script><b>&</b>"}
