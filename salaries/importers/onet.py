"""O*NET database text files (``onet/``): occupations, job zones, skills, knowledge, hot and in-demand
technologies, required level of education, related occupations, alternate titles and
the sample of reported titles: the tables the
product uses.

- Skills: importance (``IM``, 1-5) and level (``LV``, 0-7) joined into one row per occupation × skill;
  ``level_suppressed`` carries O*NET's ``Recommend Suppress = Y`` on the level (low precision). O*NET
  never recommends suppressing an importance value in 29.x; the builder refuses a file that does.
- Files are tab-separated with CSV quoting (a few fields contain doubled quotes), so they are read with
  pandas' CSV parser, all cells as text.
- Knowledge: the same shape as Skills (importance and level per occupation × knowledge area). O*NET
  recommends suppressing 19 knowledge importance values (standard error 0 on a small sample): they are
  kept, flagged ``importance_suppressed``.
- Technology Skills: only the examples O*NET flags ``Hot Technology`` or ``In Demand`` are kept (the
  ones the track page lists), with the two flags; the commodity columns are not used.
- Education, Training, and Experience: only the ``RL`` scale (Required Level of Education, categories
  1-12: the percentage of respondents naming each), with the category's short label (its description
  up to the first " - " or " ("). The experience and training scales are not used (BLS projections give
  the training and experience a reader sees).
- Job Zone Reference: the five zones' names and descriptions (a reference table).
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
    "knowledge": "Knowledge.txt.gz",
    "technology": "Technology Skills.txt.gz",
    "ete": "Education, Training, and Experience.txt.gz",
    "ete_categories": "Education, Training, and Experience Categories.txt",
    "job_zone_reference": "Job Zone Reference.txt",
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

    occupation_skills = _ratings(skills_long, "skill_id")
    knowledge_long = frames["knowledge"]
    knowledge_ids = knowledge_long["Element ID"].unique()
    knowledge = pd.DataFrame(
        {
            "element_id": knowledge_ids,
            "name": model.loc[knowledge_ids, "Element Name"].to_numpy(),
            "description": model.loc[knowledge_ids, "Description"].to_numpy(),
        }
    )
    occupation_knowledge = _ratings(knowledge_long, "knowledge_id", flag_importance=True)

    tech = frames["technology"]
    flagged = tech[tech["Hot Technology"].eq("Y") | tech["In Demand"].eq("Y")]
    technologies = pd.DataFrame(
        {
            "onet_occupation_id": flagged["O*NET-SOC Code"],
            "name": flagged["Example"],
            "hot": flagged["Hot Technology"].eq("Y").map({True: "1", False: "0"}),
            "in_demand": flagged["In Demand"].eq("Y").map({True: "1", False: "0"}),
        }
    )
    if technologies.duplicated(["onet_occupation_id", "name"]).any():
        raise ValueError("O*NET Technology Skills lists an example twice for one occupation")
    technologies = technologies.reset_index(drop=True)

    ete = frames["ete"]
    required = ete[ete["Scale ID"].eq("RL")]
    categories = frames["ete_categories"]
    categories = categories[categories["Scale ID"].eq("RL")]
    labels = {
        str(int(float(c))): _short_label(text)
        for c, text in zip(categories["Category"], categories["Category Description"], strict=True)
    }
    category = required["Category"].map(lambda c: str(int(float(c))))
    if not category.isin(labels).all():
        raise ValueError("O*NET ETE uses a Required Level of Education category its reference lacks")
    education = pd.DataFrame(
        {
            "onet_occupation_id": required["O*NET-SOC Code"],
            "category": category,
            "label": category.map(labels),
            "percent": required["Data Value"],
            "suppressed": required["Recommend Suppress"].eq("Y").map({True: "1", False: "0"}),
        }
    ).reset_index(drop=True)

    reference = frames["job_zone_reference"]
    job_zones = pd.DataFrame(
        {
            "zone": reference["Job Zone"],
            "name": reference["Name"],
            "experience": reference["Experience"],
            "education": reference["Education"],
            "training": reference["Job Training"],
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
            "job_zones": job_zones,
            "skills": skills,
            "knowledge": knowledge,
            "onet_occupations": occupations,
            "occupation_skills": occupation_skills,
            "related_occupations": related,
            "alternate_titles": titles,
            "reported_titles": reported,
            "occupation_knowledge": occupation_knowledge,
            "occupation_technologies": technologies,
            "occupation_education": education,
        },
        notes=(
            f"O*NET {version} Database by USDOL/ETA, CC BY 4.0. Skills: importance (IM) and level (LV); "
            "level_suppressed = O*NET 'Recommend Suppress'. All alternate titles (exact duplicates dropped). "
            "Knowledge: importance and level, as skills. Technology Skills: only examples flagged Hot "
            "Technology or In Demand. Education, Training, and Experience: Required Level of Education "
            "(RL) only. Job Zone Reference: the five zones. The sample of reported titles."
        ),
    )


def _ratings(long: pd.DataFrame, element_column: str, *, flag_importance: bool = False) -> pd.DataFrame:
    """Skills or Knowledge, long (one row per scale) → one row per occupation × element.

    ``flag_importance``: keep importance values O*NET recommends suppressing and flag them in
    ``importance_suppressed`` (Knowledge); otherwise such a value is refused (Skills has none).
    """
    keys = ["O*NET-SOC Code", "Element ID"]
    importance = long[long["Scale ID"].eq("IM")]
    level = long[long["Scale ID"].eq("LV")]
    if not flag_importance and importance["Recommend Suppress"].eq("Y").any():
        raise ValueError("O*NET recommends suppressing an importance value: decide how to show it first")
    joined = importance[[*keys, "Data Value", "Recommend Suppress"]].merge(
        level[[*keys, "Data Value", "Recommend Suppress"]], on=keys, how="outer", suffixes=("_im", "_lv")
    )
    extra = {}
    if flag_importance:
        extra["importance_suppressed"] = joined["Recommend Suppress_im"].eq("Y").map({True: "1", False: "0"})
    return pd.DataFrame(
        {
            "onet_occupation_id": joined["O*NET-SOC Code"],
            element_column: joined["Element ID"],
            "importance": joined["Data Value_im"].fillna(""),
            "level": joined["Data Value_lv"].fillna(""),
            **extra,
            "level_suppressed": joined["Recommend Suppress_lv"].eq("Y").map({True: "1", False: "0"}),
        }
    )


def _short_label(description: str) -> str:
    """'Bachelor's Degree' from O*NET's category description (up to the first ' - ' or ' (')."""
    return description.split(" - ")[0].split(" (")[0].strip()
