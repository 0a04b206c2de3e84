"""Does extraction still give the same output? The check to run around any change meant only for speed.

Usage: python bench/same_output.py save [FILE]    (before the change; FILE default /tmp/sitrep-extractions.json)
       python bench/same_output.py check [FILE]   (after it: exit 1 and the first differences if any)

Every article of seeds/, tests/corpus/ and the held-out sets is routed and extracted with its folder's
configuration (and once more for the Thailand–Cambodia test conflict), and so is every article of three
synthetic streams (tests/synthetic_stream.py): about 1,300 extractions, compared as JSON.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.config import load_config  # noqa: E402
from bot.extract import extract_facts, route  # noqa: E402
from bot.sources.folder import list_article_files, read_article  # noqa: E402
from tests.conflicts import TC  # noqa: E402
from tests.synthetic_stream import stream  # noqa: E402
from tests.test_alert_stream import CONFIG as STREAM_CONFIG  # noqa: E402

FOLDERS = ("seeds", "tests/corpus", "tests/heldout", "tests/heldout2", "tests/heldout3")


def extractions() -> dict[str, object]:
    out: dict[str, object] = {}
    corpus = load_config(ROOT / "tests" / "corpus" / "sitrep.toml")
    for folder in FOLDERS:
        if not (ROOT / folder).is_dir():
            continue
        own = ROOT / folder / "sitrep.toml"
        config = load_config(own) if own.exists() else corpus
        for path in list_article_files(ROOT / folder):
            article = read_article(path)
            conflict = route(article, config.conflicts)
            name = str(path.relative_to(ROOT))
            facts = extract_facts(article, conflict or config.conflicts[0])
            out[name] = [conflict.id if conflict else None, facts.model_dump(mode="json")]
            out[name + "#tc"] = extract_facts(article, TC).model_dump(mode="json")
    for seed in (0, 1, 2):
        for i, article in enumerate(stream(seed)):
            conflict = route(article, STREAM_CONFIG.conflicts)
            facts = extract_facts(article, STREAM_CONFIG.conflicts[0])
            out[f"stream {seed} #{i}"] = [conflict.id if conflict else None, facts.model_dump(mode="json")]
    return json.loads(json.dumps(out).replace(str(ROOT), ""))  # paths relative to the checkout


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in ("save", "check"):
        sys.exit(__doc__)
    file = Path(sys.argv[2] if len(sys.argv) > 2 else "/tmp/sitrep-extractions.json")
    now = extractions()
    if sys.argv[1] == "save":
        file.write_text(json.dumps(now))
        print(f"{len(now)} extractions saved to {file}")
        return
    if not file.exists():
        sys.exit(f"{file}: no saved extractions (run `save` first)")
    before = json.loads(file.read_text())
    differ = [k for k in sorted(before.keys() | now.keys()) if before.get(k) != now.get(k)]
    print(f"{len(now)} extractions; {len(differ)} differ from {file}")
    for key in differ[:20]:
        print(f"  {key}")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
