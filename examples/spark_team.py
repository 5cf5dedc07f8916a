"""Score a long-layout team CSV with Spark: python examples/spark_team.py TEAM.csv OUT_DIR [ROLE_ID]."""

import json
import os
import re
import sys

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

from careergap import score_profile
from careergap.batch import sniff_delimiter

DETAILS = ("current_role", "target_role", "years_experience")


def local_session():
    """Spark on this machine, its workers running this Python (where careergap is installed)."""
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    return SparkSession.builder.master("local[2]").appName("careergap").getOrCreate()


def to_profile(person):
    """One grouped row -> a profile dict; skills in file order, the first value given for a detail wins."""
    profile = {"name": person.name, "qualifications": [], "skills": {}}  # a missing cell is None
    for key in DETAILS:
        if person[key]:
            profile[key] = person[key]
    for cell in person.qualifications:
        for qualification in re.split(r"[;,|]", cell or ""):
            if qualification.strip() and qualification.strip() not in profile["qualifications"]:
                profile["qualifications"].append(qualification.strip())
    for entry in sorted(person.skills, key=lambda entry: entry.line):
        if (entry.skill or "").strip():
            profile["skills"].setdefault(entry.skill.strip(), (entry.level or "").strip())
    return profile


def score(person, role_id=None):
    """One result per person; a person careergap cannot read comes back as an error, never stops the job."""
    try:
        return score_profile(to_profile(person), role_id)
    except Exception as exc:  # noqa: BLE001 - reported in the output, next to the person
        return {"person": person.name, "scored": False, "error": f"{type(exc).__name__}: {exc}"}


def score_team(spark, path, role_id=None):
    """An RDD of JSON results, one per person, whatever the order of the rows in the file."""
    header_line = spark.read.text(path).first()[0].lstrip("\ufeff")
    rows = spark.read.csv(path, header=True, encoding="UTF-8", sep=sniff_delimiter(header_line))
    rows = rows.toDF(*[name.strip().lower().replace(" ", "_") for name in rows.columns])
    for column in (*DETAILS, "qualification"):
        if column not in rows.columns:
            rows = rows.withColumn(column, F.lit(None).cast("string"))
    key = F.lower(F.regexp_replace(F.trim("person"), r"\s+", " "))
    people = (
        rows.where(F.trim("person") != "")
        .withColumn("line", F.monotonically_increasing_id())
        .groupBy(key.alias("key"))
        .agg(
            F.min_by(F.trim("person"), "line").alias("name"),
            *(
                F.min_by(column, F.when(F.col(column).isNotNull(), F.col("line"))).alias(column)
                for column in DETAILS
            ),
            F.collect_list("qualification").alias("qualifications"),
            F.collect_list(F.struct("line", "skill", "level")).alias("skills"),
        )
    )
    return people.rdd.mapPartitions(lambda part: (json.dumps(score(person, role_id)) for person in part))


if __name__ == "__main__":
    team, out = sys.argv[1], sys.argv[2]
    role = sys.argv[3] if len(sys.argv) > 3 else None
    session = local_session()
    score_team(session, team, role).saveAsTextFile(out)
    session.stop()
