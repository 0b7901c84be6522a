"""Safe XML parsing shared by the PubMed, JATS and BioC readers."""

from __future__ import annotations

from lxml import etree

# No network, no entity expansion: a hostile or broken file cannot make us fetch or explode.
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True
)


class XmlError(ValueError):
    """The bytes are not well-formed XML."""


def parse_xml(data: bytes) -> etree._Element:
    if not data or not data.strip():
        raise XmlError("empty XML document")
    try:
        root = etree.fromstring(data, parser=_PARSER)
    except etree.XMLSyntaxError as exc:
        raise XmlError(f"malformed XML ({exc})") from exc
    if root is None:
        raise XmlError("empty XML document")
    return root


def local(tag: object) -> str:
    """Tag name without namespace ('' for comments and processing instructions)."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def text_of(element: etree._Element | None, skip: frozenset[str] = frozenset()) -> str:
    """All text under `element`, skipping subtrees whose tag is in `skip` (tails kept)."""
    if element is None:
        return ""
    if not skip:
        return "".join(element.itertext())
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if local(child.tag) not in skip:
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(element)
    return "".join(parts)
