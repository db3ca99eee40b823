"""O*NET database text files (``onet/``): occupations, job zones, skills, related occupations,
alternate titles and the sample of reported titles: the tables the product uses.

- Skills: importance (``IM``, 1-5) and level (``LV``, 0-7) joined into one row per occupation × skill;
  ``level_suppressed`` carries O*NET's ``Recommend Suppress = Y`` on the level (low precision). O*NET
  never recommends suppressing an importance value in 29.x; the builder refuses a file that does.
- Files are tab-separated with CSV quoting (a few fields contain doubled quotes), so they are read with
  pandas' CSV parser, all cells as text.
"""

import re
from pathlib import Path

import pandas as pd

from .release import Release, source_file

FILES = {
    "occupations": "Occupation Data.txt",
    "job_zones": "Job Zones.txt",
    "content_model": "Content Model Reference.txt",
    "skills": "Skills.txt.gz",
    "related": "Related Occupations.txt.gz",
    "titles": "Alternate Titles.txt.gz",
    "reported_titles": "Sample of Reported Titles.txt",
}
VERSION = re.compile(r"O\*NET ([\d.]+) Database")


def _read(path: Path) -> pd.DataFrame:
    frame = pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False, na_values=[], encoding="utf-8")
    return frame.apply(lambda column: column.str.strip())


def build(source_dir: Path) -> Release:
    folder = source_dir / "onet"
    frames = {key: _read(folder / name) for key, name in FILES.items()}
    readme = (folder / "Read Me.txt").read_text(encoding="utf-8", errors="replace")
    match = VERSION.search(readme)
    if not match:
        raise ValueError("cannot read the O*NET version from 'Read Me.txt'")
    version = match.group(1)

    occupations = frames["occupations"].rename(
        columns={"O*NET-SOC Code": "onet_code", "Title": "title", "Description": "description"}
    )
    zones = frames["job_zones"].set_index("O*NET-SOC Code")["Job Zone"]
    occupations["soc_code"] = occupations["onet_code"].str[:7]
    occupations["job_zone"] = occupations["onet_code"].map(zones).fillna("")
    occupations = occupations[["onet_code", "soc_code", "title", "description", "job_zone"]]

    skills_long = frames["skills"]
    element_ids = skills_long["Element ID"].unique()
    model = frames["content_model"].set_index("Element ID")
    skills = pd.DataFrame(
        {
            "element_id": element_ids,
            "name": model.loc[element_ids, "Element Name"].to_numpy(),
            "description": model.loc[element_ids, "Description"].to_numpy(),
        }
    )

    keys = ["O*NET-SOC Code", "Element ID"]
    importance = skills_long[skills_long["Scale ID"].eq("IM")]
    level = skills_long[skills_long["Scale ID"].eq("LV")]
    if importance["Recommend Suppress"].eq("Y").any():
        raise ValueError("O*NET recommends suppressing an importance value: decide how to show it first")
    joined = importance[[*keys, "Data Value"]].merge(
        level[[*keys, "Data Value", "Recommend Suppress"]], on=keys, how="outer", suffixes=("_im", "_lv")
    )
    occupation_skills = pd.DataFrame(
        {
            "onet_occupation_id": joined["O*NET-SOC Code"],
            "skill_id": joined["Element ID"],
            "importance": joined["Data Value_im"].fillna(""),
            "level": joined["Data Value_lv"].fillna(""),
            "level_suppressed": joined["Recommend Suppress"].eq("Y").map({True: "1", False: "0"}),
        }
    )

    related = frames["related"]
    related = pd.DataFrame(
        {
            "onet_occupation_id": related["O*NET-SOC Code"],
            "related_onet_code": related["Related O*NET-SOC Code"],
            "tier": related["Relatedness Tier"],
            "rank": related["Index"],
        }
    )

    titles = frames["titles"]
    titles = pd.DataFrame(
        {"onet_occupation_id": titles["O*NET-SOC Code"], "title": titles["Alternate Title"]}
    )
    titles = titles[titles["title"].ne("")].drop_duplicates().reset_index(drop=True)

    reported = frames["reported_titles"]
    reported = pd.DataFrame(
        {
            "onet_occupation_id": reported["O*NET-SOC Code"],
            "title": reported["Reported Job Title"],
            "shown_in_my_next_move": reported["Shown in My Next Move"].eq("Y").map({True: "1", False: "0"}),
        }
    )
    reported = reported[reported["title"].ne("")].drop_duplicates(["onet_occupation_id", "title"])
    reported = reported.reset_index(drop=True)

    return Release(
        source="onet",
        vintage=version,
        published_on=None,
        source_files=[source_file(folder / name, source_dir) for name in [*FILES.values(), "Read Me.txt"]],
        tables={
            "skills": skills,
            "onet_occupations": occupations,
            "occupation_skills": occupation_skills,
            "related_occupations": related,
            "alternate_titles": titles,
            "reported_titles": reported,
        },
        notes=(
            f"O*NET {version} Database by USDOL/ETA, CC BY 4.0. Skills: importance (IM) and level (LV); "
            "level_suppressed = O*NET 'Recommend Suppress'. All alternate titles (exact duplicates dropped); "
            "the sample of reported titles."
        ),
    )
