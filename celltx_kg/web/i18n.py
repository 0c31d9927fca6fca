"""The pages' words in English and Chinese, and the areas the saved queries are grouped by."""

from __future__ import annotations

LANGUAGES = ("en", "zh")

TEXT = {
    "site": ("celltx-kg workbench", "celltx-kg 工作台"),
    "tagline": (
        "A knowledge graph of immune cell therapy, curated from one review article.",
        "免疫细胞治疗知识图谱，依据一篇综述整理。",
    ),
    "home": ("Home", "首页"),
    "queries": ("Saved queries", "预设查询"),
    "editor": ("SPARQL editor", "SPARQL 编辑器"),
    "api": ("REST API", "REST 接口"),
    "search": ("Search", "搜索"),
    "search_placeholder": (
        "A name, synonym, CURIE or identifier (CD19, B细胞成熟抗原, HGNC:1633)",
        "名称、同义词、CURIE 或标准标识符（CD19、B细胞成熟抗原、HGNC:1633）",
    ),
    "search_results": ("Search results for", "搜索结果："),
    "no_results": ("Nothing found.", "未找到结果。"),
    "run": ("Run", "运行"),
    "parameters": ("Parameters", "参数"),
    "required": ("required", "必填"),
    "optional": ("optional", "可选"),
    "example": ("example", "示例"),
    "results": ("Results", "结果"),
    "rows": ("rows", "行"),
    "seconds": ("s", "秒"),
    "download": ("Download", "下载"),
    "cli": ("The same result from the command line", "在命令行中得到相同结果"),
    "api_link": ("The same result from the REST API", "通过 REST 接口得到相同结果"),
    "query_text": ("SPARQL text", "SPARQL 查询文本"),
    "open_in_editor": ("Open in the SPARQL editor", "在 SPARQL 编辑器中打开"),
    "section": ("Review section", "综述章节"),
    "keywords": ("Keywords", "关键词"),
    "error": ("Error", "错误"),
    "names": ("Names", "名称"),
    "definition": ("Definition", "定义"),
    "types": ("Types", "类型"),
    "identifiers": ("Standard identifiers", "标准标识符"),
    "facts": ("Facts", "事实"),
    "incoming": ("Facts that point here", "指向本实体的事实"),
    "more_incoming": ("More statements point here than are listed.", "指向本实体的陈述多于列出的数量。"),
    "evidence": ("Evidence", "证据"),
    "locator": ("Where in the review", "综述中的位置"),
    "references": ("References", "参考文献编号"),
    "quote": ("Quote", "原文引用"),
    "property": ("Property", "属性"),
    "value": ("Value", "值"),
    "subject": ("Subject", "主语"),
    "linked_data": ("Linked data", "关联数据"),
    "linked_data_text": (
        "This page is also Turtle or JSON-LD: ask for text/turtle or application/ld+json "
        "in the Accept header, or use the links.",
        "同一地址也提供 Turtle 或 JSON-LD：在 Accept 头中请求 text/turtle 或 application/ld+json，或使用以下链接。",
    ),
    "w3id": (
        "Once w3id.org redirects the project namespace to a server like this one, the IRI opens this page:",
        "当 w3id.org 把项目命名空间重定向到这样的服务器时，该 IRI 会打开本页：",
    ),
    "not_found": ("The graph says nothing about", "图谱中没有关于以下 IRI 的陈述："),
    "row_limit": ("Only the first rows are shown (the server's row limit).", "仅显示前若干行（服务器的行数上限）。"),
    "editor_help": (
        "Queries go to this server's SPARQL endpoint at /sparql (read-only). The saved queries are "
        "the examples; the celltx prefixes are declared.",
        "查询发送到本服务器的 SPARQL 端点 /sparql（只读）。预设查询作为示例，已声明 celltx 前缀。",
    ),
    "examples": ("Examples", "示例"),
    "openapi": ("OpenAPI description", "OpenAPI 描述"),
    "other": ("Other", "其他"),
}

#: Areas of the review, by the first place a saved query names (its ``#+ section``).
AREAS = {
    "Abstract": ("Abstract", "摘要"),
    "1": ("1 History of immune cell therapy", "1 免疫细胞治疗历史回顾"),
    "2.1": ("2.1 CAR-T cell therapy", "2.1 CAR-T细胞治疗"),
    "2.2": ("2.2 TCR-T cell therapy", "2.2 TCR-T细胞治疗"),
    "2.3": ("2.3 TIL cell therapy", "2.3 TIL细胞治疗"),
    "2.4": ("2.4 CAR-NK/NKT cell therapy", "2.4 CAR-NK/NKT细胞治疗"),
    "2.5": ("2.5 CIK cell therapy", "2.5 CIK细胞治疗"),
    "2.6": ("2.6 Other immune cell therapies", "2.6 其他免疫细胞治疗"),
    "3": ("3 Outlook", "3 免疫细胞治疗的展望"),
    "Table 1": ("Table 1 Therapy types", "表1 疗法类型"),
    "Table 2": ("Table 2 Approved products", "表2 获批产品"),
    "Fig.1": ("Fig. 1", "图1"),
    "Fig.2": ("Fig. 2", "图2"),
}


def area_of(query) -> str:
    """The area a saved query belongs to: the top of the first review section it names."""
    first = (query.sections or [""])[0]
    if first in AREAS:
        return first
    parts = first.split(".")
    key = ".".join(parts[:2]) if parts[0] == "2" else parts[0]
    return key if key in AREAS else "other"


def area_title(key: str, lang: str) -> str:
    return pick(AREAS.get(key, TEXT["other"]), lang)


def pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "zh" else pair[0]


def translator(lang: str):
    """``t(key)``: the word for ``key`` in ``lang``."""
    return lambda key: pick(TEXT[key], lang)


def meta(query, key: str, lang: str) -> str:
    """A saved query's header value in ``lang`` (``title@zh``), falling back to English."""
    return (query.meta.get(f"{key}@zh") if lang == "zh" else None) or query.meta.get(key, "")


__all__ = ["AREAS", "LANGUAGES", "TEXT", "area_of", "area_title", "meta", "pick", "translator"]
