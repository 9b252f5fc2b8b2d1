#!/usr/bin/env python3
"""Lists the public API of a crate from its rustdoc JSON, one item a line, sorted.

    python3 .ci/public_api.py target/doc/pax8.json > .ci/public-api.txt

Run through `.ci/public-api` (which builds the JSON first). Python 3 standard library only.

What is listed: every item reachable from the crate root through public modules and public
re-exports, at the path a user writes (`pax8::Client`, not `pax8::client::Client`):
modules, structs with their public fields, enums with their variants, unions, traits with
their items, functions, constants, statics, type aliases, macros, inherent methods and
associated items, and trait impls with their items. An item reachable at several paths is
described in full at the shortest one; each other path is a `pub use <path> -> <shortest>`
line. A re-export of another crate's item is `pub use <path> -> <that crate's path>`.

Left out, to keep the listing reviewable: auto-trait impls (Send, Sync, Unpin,
UnwindSafe, ...) and blanket impls (From<T> for T, Borrow, Any, ToOwned, ...), which
rustdoc synthesises for every type and which follow from the rest.

Items marked `#[doc(hidden)]` are listed with that attribute when the JSON was built with
`--document-hidden-items` (the wrapper does), so a hidden public item shows in review.
"""

import json
import sys

# Where std, core and alloc items are reachable, for paths whose definition module is
# private (`core::option::Option` is `Option`, `std::io::error::Result` is `std::io::Result`).
PRELUDE = {
    "core::option::Option": "Option",
    "core::option::Option::Some": "Some",
    "core::option::Option::None": "None",
    "core::result::Result": "Result",
    "core::result::Result::Ok": "Ok",
    "core::result::Result::Err": "Err",
    "alloc::vec::Vec": "Vec",
    "alloc::string::String": "String",
    "alloc::boxed::Box": "Box",
    "alloc::string::ToString": "ToString",
    "alloc::borrow::ToOwned": "ToOwned",
    "core::clone::Clone": "Clone",
    "core::marker::Copy": "Copy",
    "core::marker::Send": "Send",
    "core::marker::Sync": "Sync",
    "core::marker::Sized": "Sized",
    "core::marker::Unpin": "Unpin",
    "core::ops::function::Fn": "Fn",
    "core::ops::function::FnMut": "FnMut",
    "core::ops::function::FnOnce": "FnOnce",
    "core::ops::drop::Drop": "Drop",
    "core::default::Default": "Default",
    "core::cmp::Eq": "Eq",
    "core::cmp::PartialEq": "PartialEq",
    "core::cmp::Ord": "Ord",
    "core::cmp::PartialOrd": "PartialOrd",
    "core::iter::traits::iterator::Iterator": "Iterator",
    "core::iter::traits::collect::IntoIterator": "IntoIterator",
    "core::iter::traits::collect::Extend": "Extend",
    "core::iter::traits::collect::FromIterator": "FromIterator",
    "core::iter::traits::double_ended::DoubleEndedIterator": "DoubleEndedIterator",
    "core::iter::traits::exact_size::ExactSizeIterator": "ExactSizeIterator",
    "core::convert::From": "From",
    "core::convert::Into": "Into",
    "core::convert::TryFrom": "TryFrom",
    "core::convert::TryInto": "TryInto",
    "core::convert::AsRef": "AsRef",
    "core::convert::AsMut": "AsMut",
}
STD_CRATES = ("core", "alloc", "std")
# Impls that derives add for the compiler's use, not the user's.
COMPILER_TRAITS = {"std::marker::StructuralPartialEq", "std::clone::TrivialClone"}
# Crates whose items other crates re-export under another name.
CRATE_ALIASES = {"serde_core": "serde"}

KIND_ORDER = {
    "mod": 0, "use": 1, "macro": 2, "trait": 3, "struct": 3, "enum": 3, "union": 3,
    "type": 3, "const": 3, "static": 3, "fn": 3,
    "field": 4, "variant": 4, "member": 5, "impl": 6, "impl-member": 7,
}


def external_path(parts):
    """A readable path for another crate's item."""
    full = "::".join(parts)
    if full in PRELUDE:
        return PRELUDE[full]
    if parts[0] in STD_CRATES:
        # std::<module>::Name: the public module of a std item is its first one (keep
        # std::os::<platform>::... whole).
        if len(parts) > 3 and parts[1] != "os":
            parts = [parts[0], parts[1], parts[-1]]
        return "::".join(["std"] + list(parts[1:]))
    return "::".join([CRATE_ALIASES.get(parts[0], parts[0])] + list(parts[1:]))


class Lister:
    def __init__(self, doc):
        self.doc = doc
        self.index = doc["index"]
        self.paths = doc["paths"]
        self.root = str(doc["root"])
        self.crate_name = self.index[self.root]["name"]
        # Every public path of each local item, found by walking the module tree.
        self.public_paths = {}
        # The public paths of other crates' items that this crate re-exports.
        self.extern_paths = {}
        self.lines = []

    # ------------------------------------------------------------------ walking

    def item(self, id_):
        return self.index.get(str(id_)) if id_ is not None else None

    def walk(self, module_id, path, seen):
        """Records the public path of every item under the module `module_id` at `path`."""
        if (module_id, tuple(path)) in seen:
            return
        seen.add((module_id, tuple(path)))
        module = self.item(module_id)
        for child_id in module["inner"]["module"]["items"]:
            child = self.item(child_id)
            if child is None or child["visibility"] != "public":
                continue
            kind = next(iter(child["inner"]))
            if kind == "use":
                use = child["inner"]["use"]
                target = self.item(use["id"])
                if use["is_glob"]:
                    if target is not None and "module" in target["inner"]:
                        self.walk(str(use["id"]), path, seen)
                    elif target is not None and "enum" in target["inner"]:
                        for v in target["inner"]["enum"]["variants"]:
                            self.record(v, path + [self.item(v)["name"]])
                    continue
                self.record_use(child_id, use, path + [use["name"]], seen)
            else:
                self.record(child_id, path + [child["name"]])
                if kind == "module":
                    self.walk(str(child_id), path + [child["name"]], seen)

    def record_use(self, use_id, use, path, seen):
        target = self.item(use["id"])
        if target is None:
            # Another crate's item: listed as a re-export.
            self.public_paths.setdefault(("extern", str(use_id)), []).append(path)
            self.extern_paths.setdefault(str(use["id"]), []).append(path)
            return
        self.record(use["id"], path)
        if "module" in target["inner"]:
            self.walk(str(use["id"]), path, seen)

    def record(self, id_, path):
        self.public_paths.setdefault(str(id_), []).append(path)

    def canonical(self, id_):
        paths = self.public_paths.get(str(id_))
        if not paths:
            return None
        return min(paths, key=lambda p: (len(p), p))

    # ------------------------------------------------------------------ rendering types

    def path_name(self, p):
        """The name of a resolved path (type or trait), without arguments."""
        id_ = p.get("id")
        canon = self.canonical(id_) if id_ is not None else None
        if not canon and str(id_) in self.extern_paths:
            canon = min(self.extern_paths[str(id_)], key=lambda p: (len(p), p))
        if canon:
            return "::".join(canon)
        summary = self.paths.get(str(id_)) if id_ is not None else None
        if summary:
            if summary["crate_id"] == 0:
                return "::".join(summary["path"])
            return external_path(summary["path"])
        return p.get("path") or p.get("name") or "?"

    def render_path(self, p):
        return self.path_name(p) + self.render_args(p.get("args"))

    def render_args(self, args):
        if not args:
            return ""
        if "angle_bracketed" in args:
            ab = args["angle_bracketed"]
            parts = [self.render_generic_arg(a) for a in ab["args"]]
            for c in ab.get("constraints", []):
                name = c["name"] + self.render_args(c.get("args"))
                binding = c["binding"]
                if "equality" in binding:
                    term = binding["equality"]
                    value = self.render_type(term["type"]) if "type" in term else self.render_const(term["constant"])
                    parts.append(f"{name} = {value}")
                else:
                    parts.append(f"{name}: {self.render_bounds(binding['constraint'])}")
            return f"<{', '.join(parts)}>" if parts else ""
        if "parenthesized" in args:
            par = args["parenthesized"]
            out = f"({', '.join(self.render_type(t) for t in par['inputs'])})"
            if par.get("output") is not None:
                out += f" -> {self.render_type(par['output'])}"
            return out
        return ""  # return_type_notation and the like

    def render_const(self, c):
        return c.get("expr") or c.get("value") or "_"

    def render_generic_arg(self, a):
        if a == "infer":
            return "_"
        if "lifetime" in a:
            return a["lifetime"]
        if "type" in a:
            return self.render_type(a["type"])
        if "const" in a:
            return self.render_const(a["const"])
        return "?"

    def render_bound(self, b):
        if "trait_bound" in b:
            tb = b["trait_bound"]
            out = self.render_path(tb["trait"])
            hrtb = self.render_hrtb(tb.get("generic_params", []))
            modifier = {"maybe": "?", "maybe_const": "~const "}.get(tb.get("modifier"), "")
            return f"{hrtb}{modifier}{out}"
        if "outlives" in b:
            return b["outlives"]
        if "use" in b:
            names = [u if isinstance(u, str) else next(iter(u.values())) for u in b["use"]]
            return f"use<{', '.join(names)}>"
        return "?"

    def render_bounds(self, bounds):
        return " + ".join(self.render_bound(b) for b in bounds)

    def render_hrtb(self, params):
        if not params:
            return ""
        return f"for<{', '.join(self.render_param(p) for p in params)}> "

    def render_type(self, t):
        if t is None:
            return "()"
        if isinstance(t, str):
            return "_" if t == "infer" else t
        (kind, v), = t.items()
        if kind == "resolved_path":
            return self.render_path(v)
        if kind == "generic":
            return v
        if kind == "primitive":
            return v
        if kind == "tuple":
            if len(v) == 1:
                return f"({self.render_type(v[0])},)"
            return f"({', '.join(self.render_type(x) for x in v)})"
        if kind == "slice":
            return f"[{self.render_type(v)}]"
        if kind == "array":
            return f"[{self.render_type(v['type'])}; {v['len']}]"
        if kind == "borrowed_ref":
            lt = f"{v['lifetime']} " if v.get("lifetime") else ""
            mut = "mut " if v["is_mutable"] else ""
            return f"&{lt}{mut}{self.render_type(v['type'])}"
        if kind == "raw_pointer":
            return f"*{'mut' if v['is_mutable'] else 'const'} {self.render_type(v['type'])}"
        if kind == "impl_trait":
            return f"impl {self.render_bounds(v)}"
        if kind == "dyn_trait":
            parts = [self.render_hrtb(p.get("generic_params", [])) + self.render_path(p["trait"]) for p in v["traits"]]
            if v.get("lifetime"):
                parts.append(v["lifetime"])
            return f"dyn {' + '.join(parts)}"
        if kind == "function_pointer":
            return self.render_hrtb(v.get("generic_params", [])) + self.render_fn_pointer(v)
        if kind == "qualified_path":
            self_type = self.render_type(v["self_type"])
            name = v["name"] + self.render_args(v.get("args"))
            trait = v.get("trait")
            if trait is None:
                return f"{self_type}::{name}"
            return f"<{self_type} as {self.render_path(trait)}>::{name}"
        if kind == "pat":
            return self.render_type(v["type"])
        return "?"

    def render_fn_pointer(self, v):
        header = self.render_header(v.get("header", {}))
        sig = v["sig"]
        inputs = ", ".join(self.render_type(ty) for _, ty in sig["inputs"])
        out = f"{header}fn({inputs})"
        if sig.get("output") is not None:
            out += f" -> {self.render_type(sig['output'])}"
        return out

    def render_header(self, h):
        out = ""
        if h.get("is_const"):
            out += "const "
        if h.get("is_async"):
            out += "async "
        if h.get("is_unsafe"):
            out += "unsafe "
        abi = h.get("abi", "Rust")
        if abi != "Rust":
            name = abi if isinstance(abi, str) else next(iter(abi))
            out += f'extern "{name}" '
        return out

    # ------------------------------------------------------------------ generics

    def render_param(self, p):
        kind = p["kind"]
        if "lifetime" in kind:
            outlives = kind["lifetime"].get("outlives") or []
            return p["name"] + (f": {' + '.join(outlives)}" if outlives else "")
        if "type" in kind:
            k = kind["type"]
            out = p["name"]
            if k.get("bounds"):
                out += f": {self.render_bounds(k['bounds'])}"
            if k.get("default") is not None:
                out += f" = {self.render_type(k['default'])}"
            return out
        if "const" in kind:
            k = kind["const"]
            out = f"const {p['name']}: {self.render_type(k['type'])}"
            if k.get("default") is not None:
                out += f" = {k['default']}"
            return out
        return p["name"]

    def render_generics(self, g):
        """`<...>` of the declared parameters (not `impl Trait` arguments)."""
        params = [p for p in g.get("params", []) if not self.synthetic(p)]
        return f"<{', '.join(self.render_param(p) for p in params)}>" if params else ""

    @staticmethod
    def synthetic(p):
        return bool(p["kind"].get("type", {}).get("is_synthetic"))

    def render_where(self, g):
        preds = []
        for w in g.get("where_predicates", []):
            (kind, v), = w.items()
            if kind == "bound_predicate":
                hrtb = self.render_hrtb(v.get("generic_params", []))
                preds.append(f"{hrtb}{self.render_type(v['type'])}: {self.render_bounds(v['bounds'])}")
            elif kind == "lifetime_predicate":
                preds.append(f"{v['lifetime']}: {' + '.join(v['outlives'])}")
            elif kind == "eq_predicate":
                rhs = v["rhs"]
                rhs = self.render_type(rhs["type"]) if "type" in rhs else self.render_const(rhs["constant"])
                preds.append(f"{self.render_type(v['lhs'])} = {rhs}")
        return f" where {', '.join(preds)}" if preds else ""

    # ------------------------------------------------------------------ items

    def attrs(self, item):
        out = []
        for a in item.get("attrs", []):
            if a == "non_exhaustive":
                out.append("#[non_exhaustive]")
            elif isinstance(a, dict) and "doc(hidden)" in json.dumps(a).replace(" ", ""):
                out.append("#[doc(hidden)]")
        return "".join(a + " " for a in out)

    def emit(self, key, text):
        self.lines.append((key, text))

    def fn_sig(self, name, f, self_in_trait=False):
        inputs = []
        for arg, ty in f["sig"]["inputs"]:
            if arg == "self":
                inputs.append(self.render_self(ty))
            else:
                inputs.append(f"{arg}: {self.render_type(ty)}")
        out = f"{self.render_header(f['header'])}fn {name}{self.render_generics(f['generics'])}({', '.join(inputs)})"
        if f["sig"].get("output") is not None:
            out += f" -> {self.render_type(f['sig']['output'])}"
        return out + self.render_where(f["generics"])

    def render_self(self, ty):
        if ty == {"generic": "Self"}:
            return "self"
        if "borrowed_ref" in ty and ty["borrowed_ref"]["type"] == {"generic": "Self"}:
            r = ty["borrowed_ref"]
            lt = f"{r['lifetime']} " if r.get("lifetime") else ""
            return f"&{lt}{'mut ' if r['is_mutable'] else ''}self"
        return f"self: {self.render_type(ty)}"

    def list_item(self, id_, path):
        item = self.item(id_)
        (kind, inner), = item["inner"].items()
        full = "::".join(path)
        key = tuple(path)
        attrs = self.attrs(item)
        if kind == "module":
            self.emit((key, "mod"), f"{attrs}pub mod {full}")
        elif kind == "struct":
            g = inner["generics"]
            sk = inner["kind"]
            shape = ""
            if sk == "unit":
                shape = ";"
            elif "tuple" in sk:
                fields = []
                for i, f in enumerate(sk["tuple"]):
                    if f is None:
                        fields.append("_")
                    else:
                        fields.append(f"pub {self.render_type(self.item(f)['inner']['struct_field'])}")
                        self.emit((key + ("0", str(i)), "field"), f"pub {full}::{i}: {self.render_type(self.item(f)['inner']['struct_field'])}")
                shape = f"({', '.join(fields)})"
            else:
                plain = sk["plain"]
                for f in plain["fields"]:
                    self.list_field(f, path)
                if plain.get("has_stripped_fields"):
                    shape = " { .. }" if plain["fields"] else " { private }"
            self.emit((key, "struct"), f"{attrs}pub struct {full}{self.render_generics(g)}{shape}{self.render_where(g)}")
            self.list_impls(inner["impls"], path, owner_id=id_)
        elif kind == "union":
            g = inner["generics"]
            self.emit((key, "union"), f"{attrs}pub union {full}{self.render_generics(g)}{self.render_where(g)}")
            for f in inner["fields"]:
                self.list_field(f, path)
            self.list_impls(inner["impls"], path, owner_id=id_)
        elif kind == "enum":
            g = inner["generics"]
            self.emit((key, "enum"), f"{attrs}pub enum {full}{self.render_generics(g)}{self.render_where(g)}")
            for v in inner["variants"]:
                self.list_variant(v, path)
            self.list_impls(inner["impls"], path, owner_id=id_)
        elif kind == "trait":
            g = inner["generics"]
            bounds = f": {self.render_bounds(inner['bounds'])}" if inner["bounds"] else ""
            unsafe = "unsafe " if inner.get("is_unsafe") else ""
            auto = "auto " if inner.get("is_auto") else ""
            self.emit((key, "trait"), f"{attrs}pub {unsafe}{auto}trait {full}{self.render_generics(g)}{bounds}{self.render_where(g)}")
            for m in inner["items"]:
                self.list_assoc(m, path, full, "member", in_trait=True)
            self.list_impls(inner["implementations"], path, from_trait=True)
        elif kind == "function":
            self.emit((key, "fn"), f"{attrs}pub {self.fn_sig(full, inner)}")
        elif kind == "constant":
            self.emit((key, "const"), f"{attrs}pub const {full}: {self.render_type(inner['type'])}")
        elif kind == "static":
            mut = "mut " if inner.get("is_mutable") else ""
            self.emit((key, "static"), f"{attrs}pub static {mut}{full}: {self.render_type(inner['type'])}")
        elif kind == "type_alias":
            g = inner["generics"]
            self.emit((key, "type"), f"{attrs}pub type {full}{self.render_generics(g)}{self.render_where(g)} = {self.render_type(inner['type'])}")
        elif kind in ("macro", "proc_macro"):
            self.emit((key, "macro"), f"{attrs}pub macro {full}!")
        elif kind == "variant":
            self.emit((key, "variant"), f"{attrs}pub use {full} (a variant)")
        else:
            self.emit((key, kind), f"{attrs}pub {kind} {full}")

    def list_field(self, field_id, path):
        f = self.item(field_id)
        if f is None or f["visibility"] != "public":
            return
        full = "::".join(path + [f["name"]])
        self.emit((tuple(path) + ("0", f["name"]), "field"), f"{self.attrs(f)}pub {full}: {self.render_type(f['inner']['struct_field'])}")

    def list_variant(self, variant_id, path):
        v = self.item(variant_id)
        key = tuple(path) + ("0", v["name"])
        full = "::".join(path + [v["name"]])
        inner = v["inner"]["variant"]
        vk = inner["kind"]
        shape = ""
        if isinstance(vk, dict) and "tuple" in vk:
            fields = ["_" if f is None else self.render_type(self.item(f)["inner"]["struct_field"]) for f in vk["tuple"]]
            shape = f"({', '.join(fields)})"
        elif isinstance(vk, dict) and "struct" in vk:
            names = [self.item(f)["name"] for f in vk["struct"]["fields"]]
            if vk["struct"].get("has_stripped_fields"):
                names.append("..")
            shape = f" {{ {', '.join(names)} }}"
            for f in vk["struct"]["fields"]:
                fi = self.item(f)
                self.emit((key + ("0", fi["name"]), "field"), f"pub {full}::{fi['name']}: {self.render_type(fi['inner']['struct_field'])}")
        disc = inner.get("discriminant")
        if disc:
            shape += f" = {disc.get('expr') or disc.get('value')}"
        self.emit((key, "variant"), f"{self.attrs(v)}pub {full}{shape}")

    def list_assoc(self, id_, path, owner, kind_key, public_only=False, in_trait=False):
        """An associated item (method, const, type) of a trait, an inherent impl or a trait
        impl, listed under `owner` (`pax8::Client`, `<pax8::Client as Clone>`)."""
        m = self.item(id_)
        if m is None or (public_only and m["visibility"] != "public"):
            return
        (kind, inner), = m["inner"].items()
        name = m["name"]
        group = ("3", owner) if kind_key == "impl-member" else ("2",)
        key = (tuple(path) + group + (name,), kind_key)
        full = f"{owner}::{name}"
        attrs = self.attrs(m)
        if kind == "function":
            provided = " { .. }" if in_trait and inner.get("has_body") else ""
            self.emit(key, f"{attrs}pub {self.fn_sig(full, inner)}{provided}")
        elif kind == "assoc_const":
            value = f" = {inner['value']}" if in_trait and inner.get("value") else ""
            self.emit(key, f"{attrs}pub const {full}: {self.render_type(inner['type'])}{value}")
        elif kind == "assoc_type":
            g = inner.get("generics", {})
            bounds = f": {self.render_bounds(inner['bounds'])}" if inner.get("bounds") else ""
            ty = f" = {self.render_type(inner['type'])}" if inner.get("type") is not None else ""
            self.emit(key, f"{attrs}pub type {full}{self.render_generics(g)}{bounds}{ty}{self.render_where(g)}")

    def list_impls(self, impl_ids, path, from_trait=False, owner_id=None):
        """The impls of a type (or, with `from_trait`, of a trait for types that are not
        listed here, like `Arc<T>`): an impl is listed once, under its type."""
        for impl_id in impl_ids:
            impl = self.item(impl_id)
            if impl is None:
                continue
            inner = impl["inner"]["impl"]
            if inner.get("is_synthetic") or inner.get("blanket_impl") is not None:
                continue  # auto traits; blanket impls of other traits
            for_id = inner["for"].get("resolved_path", {}).get("id")
            if from_trait and self.canonical(for_id):
                continue
            if not from_trait and for_id is not None and str(for_id) != str(owner_id) and self.canonical(for_id):
                continue  # `impl From<Self> for Other`: listed under Other
            trait = inner.get("trait")
            if trait is not None and self.path_name(trait) in COMPILER_TRAITS:
                continue
            g = inner["generics"]
            self_ty = self.render_type(inner["for"])
            neg = "!" if inner.get("is_negative") else ""
            unsafe = "unsafe " if inner.get("is_unsafe") else ""
            if trait is None:
                header = f"{unsafe}impl{self.render_generics(g)} {self_ty}{self.render_where(g)}"
                self.emit((tuple(path) + ("1",), "impl"), header)
                for m in inner["items"]:
                    self.list_assoc(m, path, self_ty, "member", public_only=True)
            else:
                trait_s = self.render_path(trait)
                header = f"{unsafe}impl{self.render_generics(g)} {neg}{trait_s} for {self_ty}{self.render_where(g)}"
                owner = f"<{self_ty} as {trait_s}>"
                self.emit((tuple(path) + ("3", owner), "impl"), header)
                if "automatically_derived" in impl.get("attrs", []):
                    continue  # a derive: the trait fixes the items
                for m in inner["items"]:
                    self.list_assoc(m, path, owner, "impl-member")

    def run(self):
        self.walk(self.root, [self.crate_name], set())
        self.emit(((self.crate_name,), "mod"), f"pub mod {self.crate_name}")
        for id_, paths in sorted(self.public_paths.items(), key=lambda kv: str(kv[0])):
            if isinstance(id_, tuple):
                use = self.item(id_[1])["inner"]["use"]
                summary = self.paths.get(str(use["id"]))
                target = use["source"]  # as this crate wrote it, a public path of that crate
                if summary and not target.startswith(summary["path"][0] + "::"):
                    target = external_path(summary["path"])
                for p in paths:
                    self.emit((tuple(p), "use"), f"pub use {'::'.join(p)} -> {target}")
                continue
            canon = self.canonical(id_)
            for p in paths:
                if p != canon:
                    self.emit((tuple(p), "use"), f"pub use {'::'.join(p)} -> {'::'.join(canon)}")
            self.list_item(id_, canon)
        out = {}
        for key, text in self.lines:
            out[text] = min(out.get(text, key), key, key=sort_key)
        ordered = sorted(out.items(), key=lambda kv: (sort_key(kv[1]), kv[0]))
        return [text for text, _ in ordered]


def sort_key(key):
    path, kind = key[0], key[1]
    return ([str(p) for p in path], KIND_ORDER.get(kind, 9))


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: public_api.py <crate>.json")
    with open(sys.argv[1], encoding="utf-8") as f:
        doc = json.load(f)
    lister = Lister(doc)
    for line in lister.run():
        print(line)


if __name__ == "__main__":
    main()
