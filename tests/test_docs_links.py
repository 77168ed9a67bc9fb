"""
Every relative link in the README, the contributor guide and docs/ leads somewhere: to a file
or folder of the repository and, for a link with a #fragment into a Markdown file, to a
heading of that file (by GitHub's rule for heading anchors). A manual moved or a heading
renamed without its links fails here rather than on a reader.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
DOCUMENTS = sorted(
    [ROOT / "README.md", ROOT / "CONTRIBUTING.md", ROOT / "SECURITY.md", *ROOT.glob("docs/*.md")]
)
# [text](target) outside code spans; images too. Targets with a scheme are not ours to check.
LINK = re.compile(r"(?<!`)\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
CODE_BLOCK = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)


def github_anchor(heading: str) -> str:
    """The id GitHub gives a Markdown heading: lower case, punctuation dropped, - for spaces."""
    text = re.sub(r"[`*_]|\[([^\]]*)\]\([^)]*\)", r"\1", heading.strip().lower())
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors_of(document: Path) -> set[str]:
    text = CODE_BLOCK.sub("", document.read_text())
    anchors, seen = set(), {}
    for heading in re.findall(r"^#{1,6}\s+(.+?)\s*#*$", text, re.MULTILINE):
        anchor = github_anchor(heading)
        # A repeated heading gets -1, -2... as on GitHub.
        count = seen.get(anchor, 0)
        seen[anchor] = count + 1
        anchors.add(anchor if count == 0 else f"{anchor}-{count}")
    return anchors


def relative_links(document: Path) -> list[str]:
    text = CODE_BLOCK.sub("", document.read_text())
    return [target for target in LINK.findall(text) if not EXTERNAL.match(target)]


def test_the_documents_exist_and_link_to_each_other():
    assert (ROOT / "docs").is_dir()
    assert len(DOCUMENTS) > 3
    assert relative_links(ROOT / "README.md"), "the README should link to the manuals"


def test_github_anchors_follow_githubs_rule():
    assert github_anchor("What happens when …") == "what-happens-when-"
    assert github_anchor("Running on several servers") == "running-on-several-servers"
    assert github_anchor("`make bench`: speed (v2)") == "make-bench-speed-v2"


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_relative_link_resolves(document):
    broken = []
    for target in relative_links(document):
        path, _, fragment = target.partition("#")
        linked = (document.parent / path).resolve() if path else document
        if not linked.exists():
            broken.append(f"{target}: no such file")
        elif fragment and linked.suffix == ".md" and fragment not in anchors_of(linked):
            broken.append(f"{target}: no heading with this anchor in {linked.name}")
    assert not broken, f"{document.name}: " + "; ".join(broken)
