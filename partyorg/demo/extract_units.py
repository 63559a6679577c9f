"""Write ``data/dienbien_units.json`` from the dataset of the PyPI package ``vietnamadminunits``.

Run by hand, never at runtime (the package is a data source only)::

    pip download --no-deps -d /tmp/vau vietnamadminunits
    cd /tmp/vau && unzip -q vietnamadminunits-*.whl -d x
    python -m partyorg.demo.extract_units /tmp/vau/x/vietnamadminunits/data

It reads ``dataset.db`` (tables ``admin_units_legacy``: the units before 01/07/2025, and
``admin_units``: the units from 01/07/2025) and ``converter_2025.json`` (which legacy communes
make up each 2025 commune) and keeps Tỉnh Điện Biên (code 11).
"""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

PROVINCE_CODE = "11"
SOURCE = "vietnamadminunits"
OUT = Path(__file__).parent / "data" / "dienbien_units.json"


def extract(data_dir: Path, version: str) -> dict[str, object]:
    db = sqlite3.connect(data_dir / "dataset.db")
    legacy = db.execute(
        "SELECT province, district, districtCode, districtType, ward, wardCode, wardType, "
        "provinceKey, districtKey, wardKey FROM admin_units_legacy WHERE provinceCode = ? "
        "ORDER BY districtCode, wardCode",
        (PROVINCE_CODE,),
    ).fetchall()
    current = db.execute(
        "SELECT ward, wardCode, wardType, wardKey FROM admin_units WHERE provinceCode = ? ORDER BY wardCode",
        (PROVINCE_CODE,),
    ).fetchall()
    converter = json.loads((data_dir / "converter_2025.json").read_text(encoding="utf-8"))
    province_key = legacy[0][7]
    undivided: dict[str, list[str]] = converter["DICT_PROVINCE_WARD_NO_DIVIDED"][province_key]
    divided = converter["DICT_PROVINCE_WARD_DIVIDED"].get(province_key) or {}
    if divided:
        raise SystemExit("Điện Biên has legacy communes divided between 2025 communes: not handled")
    districts: dict[str, dict[str, object]] = {}
    communes = []
    code_of_key: dict[str, str] = {}
    for _province, district, d_code, d_type, ward, w_code, w_type, p_key, d_key, w_key in legacy:
        districts.setdefault(d_code, {"code": d_code, "name": district, "type": d_type})
        communes.append({"code": w_code, "name": ward, "type": w_type, "district": d_code})
        code_of_key[f"{p_key}_{d_key}_{w_key}"] = w_code
    new_code = {key: code for _name, code, _type, key in current}
    mapping = {
        code_of_key[old]: new_code[new_key] for new_key, olds in sorted(undivided.items()) for old in olds
    }
    if set(mapping) != {c["code"] for c in communes}:
        raise SystemExit("the old → new mapping does not cover every legacy commune")
    return {
        "source": {"package": SOURCE, "version": version, "licence": "MIT"},
        "province": {"code": PROVINCE_CODE, "name": legacy[0][0]},
        "districts": list(districts.values()),
        "communes": communes,
        "communes_2025": [{"code": code, "name": name, "type": kind} for name, code, kind, _key in current],
        "mapping_2025": mapping,
    }


def main() -> None:
    data_dir = Path(sys.argv[1])
    dist = next(data_dir.parent.parent.glob("vietnamadminunits-*.dist-info"), None)
    version = dist.name.removeprefix("vietnamadminunits-").removesuffix(".dist-info") if dist else "?"
    OUT.write_text(
        json.dumps(extract(data_dir, version), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
