"""A crawler for tests: walk the pages a client can reach by links, and read their forms as a browser does.

    site = crawl(client, ["/dashboard"])            # GET only, same origin, bounded
    for form in site.forms:                          # every <form> of every page, parsed
        pairs = form.submission(press="save_done", changes={"text": "Typed"})
        response = submit(client, form, pairs)       # POSTed (or GET) exactly as a browser sends it

A form's `submission()` is what a browser without JavaScript sends when the button is pressed:
its enabled controls in document order, checkboxes and radios only when checked, the selected
options, the pressed button's name and value, line breaks as CRLF. `changes` replaces a
field's value (a list sends it repeated, None leaves it out), so tests can type into the form.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin, urlsplit

FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"
# Inputs a browser never sends (file inputs are sent empty, which the app never has).
NOT_SENT = {"button", "reset", "image", "file"}
SKIPPED_SCHEMES = {"mailto", "tel", "javascript", "data", "blob", "sms"}
DOWNLOAD_SUFFIXES = (".ics", ".csv", ".json", ".md", ".zip", ".pdf", ".txt")
NUMBER = re.compile(r"(?<=/)\d+(?=/|$)")


@dataclass
class Option:
    """One <option> of a select: its value, label, and whether it is selected or disabled."""

    value: str
    label: str
    selected: bool
    disabled: bool = False


@dataclass
class Control:
    """One control of a form as the page rendered it (input, select, textarea or button)."""

    tag: str  # input, select, textarea, button
    type: str  # the input's type (text, checkbox, radio, hidden, date, submit...), or the tag
    name: str
    value: str = ""  # the rendered value (a select's: see `options`)
    checked: bool = False
    required: bool = False
    id: str = ""
    label: str = ""  # a button's text
    options: list[Option] = field(default_factory=list)
    multiple: bool = False
    attrs: dict[str, str] = field(default_factory=dict)

    @property
    def is_button(self) -> bool:
        """Whether pressing it submits the form."""
        return self.type == "submit"

    @property
    def is_typeable(self) -> bool:
        """Whether a member types or chooses its value (not a hidden input, not a button)."""
        return not self.is_button and self.type != "hidden"

    def sent_values(self) -> list[str]:
        """The values a browser sends for it when the form is submitted (buttons aside)."""
        if self.type in ("checkbox", "radio"):
            return [self.value] if self.checked else []
        if self.tag == "select":
            chosen = [o.value for o in self.options if o.selected and not o.disabled]
            if not chosen and not self.multiple:
                chosen = [o.value for o in self.options if not o.disabled][:1]
            return chosen if self.multiple else chosen[-1:]
        return [self.value]


@dataclass
class Form:
    """A <form>: where and how it is sent, and its enabled controls in document order."""

    page: str  # the URL of the page it was found on
    action: str  # the path (and query) it is sent to
    method: str  # "get" or "post"
    controls: list[Control] = field(default_factory=list)
    id: str = ""

    @property
    def fields(self) -> list[Control]:
        """The controls that carry a value (everything but the submit buttons)."""
        return [c for c in self.controls if not c.is_button]

    @property
    def buttons(self) -> list[Control]:
        """The submit buttons, first (the default one, pressed by Enter) first."""
        return [c for c in self.controls if c.is_button]

    @property
    def pattern(self) -> str:
        """The action with its numbers as <n>: the same form for another record has the same one."""
        return f"{self.method.upper()} {path_pattern(self.action)}"

    def named(self, name: str) -> list[Control]:
        """The controls called `name` (a radio group has several)."""
        return [c for c in self.controls if c.name == name]

    def field_names(self) -> list[str]:
        """The names of the fields a member types into or chooses, in order, once each."""
        return list(dict.fromkeys(c.name for c in self.fields if c.is_typeable))

    def value(self, name: str) -> str | None:
        """The value `name` shows as rendered (the first one sent, line breaks as \\n), or None."""
        for control in self.named(name):
            if not control.is_button and control.sent_values():
                return control.sent_values()[0]
        return None

    def submission(self, press: str | None = None, changes: dict | None = None) -> list[tuple[str, str]]:
        """The (name, value) pairs a browser sends, pressing the default button or `press`.

        `press` is a button's name or label ("" presses none, as a script's submit() does).
        `changes` maps a name to a new value, a list of values (sent repeated), or None (not
        sent at all); a name the form lacks is added at the end.
        """
        pressed = self.button(press)
        pairs = []
        for control in self.controls:
            if control.is_button:
                if control is pressed and control.name:
                    pairs.append((control.name, control.value))
                continue
            pairs.extend((control.name, value) for value in control.sent_values())
        for name, new in (changes or {}).items():
            pairs = replace_values(pairs, name, new)
        return [(crlf(name), crlf(value)) for name, value in pairs]

    def button(self, press: str | None = None) -> Control | None:
        """The button pressed: the default one, or the one with this name or label."""
        if press == "":
            return None
        for candidate in self.buttons:
            if press is None or press in (candidate.name, candidate.label, candidate.value):
                return candidate
        if press is not None:
            raise LookupError(f"no button {press!r} in the form to {self.action}")
        return None


@dataclass
class Page:
    """A page the crawl fetched: its status, its HTML (when it is HTML) and its forms."""

    url: str
    status: int
    html: str = ""
    forms: list[Form] = field(default_factory=list)


@dataclass
class Site:
    """What a crawl found: every page fetched, by URL, and every form on them."""

    pages: dict[str, Page] = field(default_factory=dict)

    @property
    def forms(self) -> list[Form]:
        """Every form of every page, in the order found."""
        return [form for page in self.pages.values() for form in page.forms]

    def failures(self) -> list[Page]:
        """The pages that answered with an error (4xx or 5xx)."""
        return [page for page in self.pages.values() if page.status >= 400]


def replace_values(pairs: list[tuple[str, str]], name: str, new) -> list[tuple[str, str]]:
    """`pairs` with `name` sent as `new` (a value, a list of values, or None) where it was first."""
    values = [] if new is None else list(new) if isinstance(new, (list, tuple)) else [new]
    result, placed = [], False
    for pair_name, value in pairs:
        if pair_name != name:
            result.append((pair_name, value))
        elif not placed:
            result.extend((name, v) for v in values)
            placed = True
    if not placed:
        result.extend((name, v) for v in values)
    return result


def crlf(text: str) -> str:
    """Line breaks as a browser sends them in a form: CRLF."""
    return re.sub(r"\r\n|\r|\n", "\r\n", text)


def path_pattern(url: str) -> str:
    """A URL's path with each number as <n>, plus the names of its query parameters."""
    parts = urlsplit(url)
    keys = sorted({pair.split("=", 1)[0] for pair in parts.query.split("&") if pair})
    return NUMBER.sub("<n>", parts.path) + (f"?{'&'.join(keys)}" if keys else "")


def encode(pairs: list[tuple[str, str | bytes]]) -> bytes:
    """The urlencoded body of a form post; a lone surrogate is sent as its raw (invalid) bytes."""
    return urlencode(pairs, encoding="utf-8", errors="surrogatepass").encode("ascii")


def submit(client, form: Form, pairs: list[tuple[str, str | bytes]] | None = None, **kwargs):
    """Send `pairs` (by default: the form as rendered) the way the form says: GET or POST."""
    pairs = form.submission() if pairs is None else pairs
    if form.method == "get":
        base = form.action.split("?")[0]
        return client.get(f"{base}?{encode(pairs).decode()}", **kwargs)
    return client.post(form.action, data=encode(pairs), content_type=FORM_CONTENT_TYPE, **kwargs)


class FormParser(HTMLParser):
    """Reads the links and forms of one page; controls outside a form join it through form="id"."""

    def __init__(self, url: str):
        """A parser for the page at `url` (relative actions and links are resolved against it)."""
        super().__init__(convert_charrefs=True)
        self.url = url
        self.links: list[str] = []
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.orphans: list[tuple[str, Control]] = []  # (form id, control) outside their form
        self.disabled_fieldsets: list[bool] = []
        self.select: Control | None = None
        self.option: dict | None = None
        self.optgroup_disabled = False
        self.text_target: Control | None = None  # a textarea or button collecting its text
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        """Open a form, a control or a link."""
        attributes = {name: (value if value is not None else "") for name, value in attrs}
        if tag == "a" and "href" in attributes and "download" not in attributes:
            self.links.append(attributes["href"])
        elif tag == "form" and self.form is None:  # a browser ignores a nested <form>
            self.form = Form(
                page=self.url,
                action=resolve(self.url, attributes.get("action") or self.url),
                method=(attributes.get("method") or "get").lower(),
                id=attributes.get("id", ""),
            )
            self.forms.append(self.form)
        elif tag == "fieldset":
            self.disabled_fieldsets.append("disabled" in attributes)
        elif tag == "input":
            self.add_input(attributes)
        elif tag in ("select", "textarea", "button"):
            control = Control(
                tag=tag,
                type=tag if tag != "button" else (attributes.get("type") or "submit").lower(),
                name=attributes.get("name", ""),
                value=attributes.get("value", ""),
                required="required" in attributes,
                id=attributes.get("id", ""),
                multiple="multiple" in attributes,
                attrs=attributes,
            )
            if tag == "select":
                self.select = control
            else:
                self.text_target, self.text = control, []
            self.attach(control, attributes)
        elif tag == "optgroup":
            self.optgroup_disabled = "disabled" in attributes
        elif tag == "option" and self.select is not None:
            self.finish_option()
            self.option = {"attrs": attributes, "text": []}

    def handle_endtag(self, tag):
        """Close whatever the tag closes."""
        if tag == "form":
            self.form = None
        elif tag == "fieldset" and self.disabled_fieldsets:
            self.disabled_fieldsets.pop()
        elif tag == "option":
            self.finish_option()
        elif tag == "optgroup":
            self.optgroup_disabled = False
        elif tag == "select":
            self.finish_option()
            self.select = None
        elif tag in ("textarea", "button") and self.text_target is not None:
            text = "".join(self.text)
            if tag == "textarea":
                # The HTML parser drops one line break right after <textarea>.
                self.text_target.value = text.removeprefix("\n")
            else:
                self.text_target.label = " ".join(text.split())
                if "value" not in self.text_target.attrs:
                    self.text_target.value = ""
            self.text_target = None

    def handle_data(self, data):
        """Collect the text of a textarea, a button or an option."""
        if self.text_target is not None:
            self.text.append(data)
        if self.option is not None:
            self.option["text"].append(data)

    def add_input(self, attributes: dict) -> None:
        """An <input>, unless a browser would never send it."""
        kind = (attributes.get("type") or "text").lower()
        if kind in NOT_SENT:
            return
        default = "on" if kind in ("checkbox", "radio") else ""
        control = Control(
            tag="input",
            type=kind,
            name=attributes.get("name", ""),
            value=attributes.get("value", default),
            checked="checked" in attributes,
            required="required" in attributes,
            id=attributes.get("id", ""),
            label=attributes.get("value", "") if kind == "submit" else "",
            attrs=attributes,
        )
        self.attach(control, attributes)

    def attach(self, control: Control, attributes: dict) -> None:
        """Add a control to its form, unless it is disabled or has no name (then it is not sent)."""
        disabled = "disabled" in attributes or any(self.disabled_fieldsets)
        if disabled or (not control.name and not control.is_button):
            if control is self.select:
                self.select = Control(tag="select", type="select", name="")  # swallow its options
            return
        if control.type in ("reset", "button"):
            return
        if attributes.get("form"):
            self.orphans.append((attributes["form"], control))
        elif self.form is not None:
            self.form.controls.append(control)

    def finish_option(self) -> None:
        """Add the open <option> to its select."""
        if self.option is None or self.select is None:
            self.option = None
            return
        attrs, label = self.option["attrs"], " ".join("".join(self.option["text"]).split())
        self.select.options.append(
            Option(
                value=attrs.get("value", label),
                label=label,
                selected="selected" in attrs,
                disabled="disabled" in attrs or self.optgroup_disabled,
            )
        )
        self.option = None

    def close(self):
        """Finish parsing, and give form="id" controls to their forms."""
        super().close()
        by_id = {form.id: form for form in self.forms if form.id}
        for form_id, control in self.orphans:
            if form_id in by_id:
                by_id[form_id].controls.append(control)


def resolve(page_url: str, href: str) -> str:
    """A link or action as a path with its query, relative to the page; no fragment."""
    absolute = urljoin(f"http://localhost{page_url}", href)
    parts = urlsplit(absolute)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def parse_page(url: str, html: str) -> FormParser:
    """Parse a page as a browser does (line breaks normalised first); its links and forms."""
    parser = FormParser(url)
    parser.feed(html.replace("\r\n", "\n").replace("\r", "\n"))
    parser.close()
    return parser


def parse_forms(url: str, html: str) -> list[Form]:
    """Every form of a page."""
    return parse_page(url, html).forms


def followable(page_url: str, href: str, hosts: tuple[str, ...]) -> str | None:
    """The path to fetch for a link, or None when the crawl must not follow it."""
    parts = urlsplit(href)
    if parts.scheme and parts.scheme.lower() in SKIPPED_SCHEMES:
        return None
    if parts.scheme and parts.scheme.lower() not in ("http", "https"):
        return None
    if parts.netloc and parts.hostname not in hosts:
        return None  # another site
    if not (parts.path or parts.query):
        return None  # only a fragment: the same page
    path = resolve(page_url, href)
    plain = path.split("?")[0]
    if plain.startswith("/static/") or plain.endswith(DOWNLOAD_SUFFIXES) or plain == "/logout":
        return None
    return path


def crawl(
    client,
    start=("/",),
    per_pattern: int = 3,
    per_page: int = 2,
    max_pages: int = 400,
    hosts: tuple[str, ...] = ("localhost", "127.0.0.1"),
) -> Site:
    """Fetch every page reachable by links from `start`, breadth first, with GET only.

    Only this site's pages (not /static/, downloads such as .ics, or logout); at most
    `per_pattern` pages per URL pattern (path_pattern: the same page for another record has the
    same pattern), of which at most `per_page` are taken from the links of any one page, so that
    later pages (a list's second page, older records) get their turn; `max_pages` in all.
    A redirect is followed; other responses are kept as they are.
    """
    site = Site()
    queue = deque(start)
    seen, per = set(start), {}
    while queue and len(site.pages) < max_pages:
        url = queue.popleft()
        response = client.get(url)
        page = Page(url=url, status=response.status_code)
        site.pages[url] = page
        links = []
        if response.status_code in (301, 302, 303, 307, 308):
            links = [response.headers["Location"]]
        elif response.mimetype == "text/html" and "attachment" not in response.headers.get(
            "Content-Disposition", ""
        ):
            page.html = response.get_data(as_text=True)
            parsed = parse_page(url, page.html)
            page.forms, links = parsed.forms, parsed.links
        for path in pick_links(url, links, hosts, seen, per_page):
            pattern = path_pattern(path)
            if per.get(pattern, 0) < per_pattern:
                per[pattern] = per.get(pattern, 0) + 1
                seen.add(path)
                queue.append(path)
    return site


def pick_links(url: str, links: list[str], hosts: tuple[str, ...], seen: set, per_page: int) -> list[str]:
    """The new paths to follow from one page: per pattern, `per_page` spread from first to last.

    Taking the first and the last link of a list (rather than the first two) reaches both the
    newest and the oldest records, which tend to differ the most.
    """
    by_pattern: dict[str, list[str]] = {}
    for href in links:
        path = followable(url, href, hosts)
        if path is not None and path not in seen:
            paths = by_pattern.setdefault(path_pattern(path), [])
            if path not in paths:
                paths.append(path)
    picked = []
    for paths in by_pattern.values():
        if len(paths) <= per_page:
            picked.extend(paths)
        else:
            step = (len(paths) - 1) / max(per_page - 1, 1)
            picked.extend(paths[round(index * step)] for index in range(per_page))
    return picked


def form_on_page(html: str, having: str) -> dict:
    """The values a browser would send for the first form on the page with a field `having`
    (one value per name), for tests that then change a few of them."""
    for form in parse_forms("/", html):
        if form.named(having):
            return dict(form.submission(press=""))
    raise AssertionError(f"No form on the page has a field named {having!r}")


def form_to(client, page_url: str, action_part: str):
    """The form on the page sent to exactly the path `action_part` (a POST one before a GET
    one), else the first whose action contains it."""
    response = client.get(page_url)
    assert response.status_code == 200, (page_url, response.status_code)
    forms = parse_forms(page_url, response.get_data(as_text=True))
    exact = sorted((form for form in forms if form.action.split("?")[0] == action_part),
                   key=lambda form: form.method != "post")
    for form in exact or [form for form in forms if action_part in form.action]:
        return form
    raise AssertionError(f"no form to {action_part} on {page_url}")


def filled_in(form: Form, changes: dict | None = None, press=None) -> list[tuple[str, str]]:
    """What a browser sends for `form` with only `changes` typed in, each a field the form has
    (a renamed field fails here rather than being sent by hand)."""
    unknown = [name for name in changes or {} if not form.named(name)]
    assert not unknown, f"the form to {form.action} has no field {unknown} to type into"
    return form.submission(press=press, changes=changes)


def send(client, page_url: str, action_part: str, changes: dict | None = None, press=None):
    """Open the page, fill in its form to `action_part` as a member would (changing only
    `changes`) and send it, pressing `press` (the default button when None): the response."""
    form = form_to(client, page_url, action_part)
    return submit(client, form, filled_in(form, changes, press))
