"""Qualifications people actually hold (issue 11, section 4): each is recognised, satisfies what it should (and not
more), and the report names the held award that satisfied each requirement, as the person wrote it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from careergap.analysis import Analyser
from careergap.library import Library
from careergap.models.profile import Profile
from careergap.render.report import held_text


@pytest.mark.parametrize(
    ("phrase", "award"),
    [
        ("Level 3 apprenticeship", "vocational-qualification"),
        ("Level 2 Apprenticeship in Business Administration", "vocational-qualification"),
        ("Advanced Apprenticeship", "vocational-qualification"),
        ("Higher apprenticeship", "vocational-qualification"),  # not "high school"
        ("Intermediate apprenticeship", "vocational-qualification"),
        ("Level 7 Senior Leader apprenticeship", "vocational-qualification"),
        ("Level 4 Associate Project Manager apprenticeship", "vocational-qualification"),
        ("Level 3 NVQ in Business Administration", "vocational-qualification"),  # not the MBA
        ("NVQ Level 4", "vocational-qualification"),
        ("MBA", "mba"),
        ("Executive MBA (Warwick)", "mba"),
        ("Master of Business Administration", "mba"),
        ("AgilePM", "agilepm-foundation"),
        ("AgilePM Foundation", "agilepm-foundation"),
        ("AgilePM Practitioner", "agilepm-practitioner"),
        ("Agile PM Practitioner", "agilepm-practitioner"),
        ("CAPM", "capm"),
        ("Certified Associate in Project Management", "capm"),
        ("PMP", "pmp"),
        ("Project Management Professional", "pmp"),
        ("Project Management Professional (PMP)", "pmp"),
        ("PMP certified", "pmp"),
        ("ChPP", "chpp"),
        ("Chartered Project Professional", "chpp"),
        ("APM ChPP", "chpp"),
        ("MSP", "msp-practitioner"),
        ("Managing Successful Programmes", "msp-practitioner"),
        ("MSP Foundation", "msp-foundation"),
        ("MoP", "mop-practitioner"),
        ("Management of Portfolios", "mop-practitioner"),
        ("MoP Foundation", "mop-foundation"),
        ("Chartered Manager (CMgr)", "management-qualification"),  # chartered, but not ChPP
    ],
)
def test_awards_people_hold_are_recognised(analyser: Analyser, phrase: str, award: str) -> None:
    match = analyser.resolver.qualification(phrase)
    assert (match.status, match.target) == ("matched", award), match.reason


@pytest.mark.parametrize(
    ("award", "satisfies", "not_satisfies"),
    [
        (
            "mba",
            {"postgraduate-degree", "bachelors-degree", "management-qualification", "secondary-education"},
            {"professional-pm-qualification"},
        ),
        # a graduate has the general education PRO8 asks for ("GCSE, A-level or Vocational equivalent")
        ("bachelors-degree", {"secondary-education"}, {"vocational-qualification", "postgraduate-degree"}),
        ("secondary-education", set(), {"bachelors-degree"}),
        ("capm", {"professional-pm-qualification"}, {"pmp"}),
        ("chpp", {"professional-pm-qualification"}, {"pmp"}),
        ("agilepm-practitioner", {"agilepm-foundation", "professional-pm-qualification"}, set()),
        ("agilepm-foundation", {"professional-pm-qualification"}, {"agilepm-practitioner"}),
        ("msp-practitioner", {"msp-foundation", "professional-pm-qualification"}, set()),
        ("msp-foundation", {"professional-pm-qualification"}, {"msp-practitioner"}),
        ("mop-foundation", {"professional-pm-qualification"}, {"mop-practitioner"}),
        (
            "postgraduate-degree",
            {"bachelors-degree"},
            {"management-qualification"},
        ),  # a PhD is not management
    ],
)
def test_an_award_satisfies_what_it_implies_and_no_more(
    library: Library, award: str, satisfies: set[str], not_satisfies: set[str]
) -> None:
    implied = library.implied_qualifications([award])
    assert satisfies <= implied
    assert not (not_satisfies & implied)


@pytest.mark.parametrize(
    "phrase", ["PRINCE2 Foundation", "MSP Foundation", "AgilePM Foundation", "Foundation apprenticeship"]
)
def test_a_lower_tier_never_satisfies_a_practitioner_requirement(analyser: Analyser, phrase: str) -> None:
    match = analyser.resolver.qualification(phrase)
    assert match.target not in {"prince2-practitioner", "msp-practitioner", "agilepm-practitioner"}


@pytest.mark.parametrize(
    "phrase", ["Chartered accountant", "football coaching certificate", "Level 2 food hygiene"]
)
def test_awards_outside_the_library_are_not_forced_onto_one(analyser: Analyser, phrase: str) -> None:
    assert analyser.resolver.qualification(phrase).status != "matched"


@pytest.mark.parametrize(
    ("phrase", "award"),
    [
        ("Level 3 Diploma in Business Administration", "vocational-qualification"),
        ("Level 2 Certificate in Business Administration", "vocational-qualification"),
        ("Diploma in Business Administration", None),
        ("Level 5 Diploma in Business Administration", None),
        ("MBA", "mba"),
        ("Masters in Business Administration", "mba"),
        ("Doctor of Business Administration", "postgraduate-degree"),
    ],
)
def test_a_business_administration_diploma_is_not_an_mba(
    analyser: Analyser, phrase: str, award: str | None
) -> None:
    """A very common UK admin award was read as an MBA (close to 'master of business administration', 75-80): a
    bachelor's, a postgraduate degree and a management qualification credited to its holder. A degree's level word
    (master, bachelor, doctor) is a tier: an award without it is another award."""
    match = analyser.resolver.qualification(phrase)
    assert match.target == award if award else match.target != "mba", (phrase, match.target, match.reason)


def _held(analyser: Analyser, role_id: str, *qualifications: str) -> dict[str, str]:
    profile = Profile.model_validate(
        {"name": "Q", "qualifications": list(qualifications), "skills": {"budget management": 2}}
    )
    report = analyser.analyse(profile, role_id)
    return {q.qualification: held_text(q) for q in report.assessments[0].qualifications}


def test_the_report_says_which_award_satisfied_which_requirement(analyser: Analyser) -> None:
    held = _held(analyser, "council-pro13", "MBA (Warwick Business School)", "Chartered Project Professional")
    assert held["management-qualification"] == (
        'yes: MBA (Master of Business Administration) (you wrote "MBA (Warwick Business School)")'
    )
    assert held["professional-pm-qualification"] == (
        'yes: Chartered Project Professional (ChPP) (you wrote "Chartered Project Professional")'
    )


def test_an_apprenticeship_satisfies_a_vocational_requirement_in_the_report(analyser: Analyser) -> None:
    held = _held(analyser, "council-pro10", "Level 3 apprenticeship (business administration)")
    assert held["vocational-qualification"] == (
        'yes: Vocational qualification (you wrote "Level 3 apprenticeship (business administration)")'
    )


def test_an_award_listed_among_the_skills_counts_as_that_award(analyser: Analyser) -> None:
    """People list certificates under their skills ("MoR Foundation" on a blind coach's profile): the line is the
    award, said in a note and never lost, in analyse and in a batch (the Scorer) alike; a skill's own wording that an
    award's words happen to share ("Risk managment", a typo of the skill; "Management of Risk" has its words) stays
    the skill."""
    from careergap.api import Scorer

    profile = Profile.model_validate(
        {"name": "Q", "skills": [{"name": "MoR Foundation", "level": 2}, {"name": "budget mgmt", "level": 2}]}
    )
    resolution = analyser.resolve(profile)
    assert "mor4-foundation" in resolution.profile.qualifications
    assert [m.phrase for m in resolution.unmatched] == []
    assert any("'MoR Foundation' among the skills names an award" in n for n in resolution.notes)
    held = {
        q.qualification: held_text(q)
        for q in analyser.analyse(profile, "council-pro10").assessments[0].qualifications
    }
    assert any(text.startswith("yes: Management of Risk (MoR 4) Foundation") for text in held.values()), held
    person = Scorer(analyser=analyser).score(
        "Q", [("MoR Foundation", 2), ("budget mgmt", 2)], role_id="council-pro10"
    )
    assert person.unmatched == () and any("names an award" in n for n in person.notes)
    assert person.primary is not None
    open_lines = (*person.primary.unrated_essentials, *person.primary.missing_qualifications)
    assert not [line for line in open_lines if "qualification" in line.lower()], open_lines
    for phrase in ("Risk managment", "Programme management", "budget mgmt"):
        assert analyser.resolver.award_in_skill_line(phrase) is None, phrase


def test_without_a_matching_award_the_requirement_is_not_held(analyser: Analyser) -> None:
    held = _held(analyser, "council-pro13", "PhD in Chemistry")
    assert held["management-qualification"] == "no"


# -- how awards are really written (issue 11, point 4): with and without the awarding body, stops, editions, old
# names, other countries' awards. Written from how people set out awards on CVs and forms, not from a labelled set.
@pytest.mark.parametrize(
    ("phrase", "award"),
    [
        # editions, the roman numeral, registered marks, awarding bodies (filler words in data/roles/lexicon.yaml)
        ("PRINCE2 7 Practitioner", "prince2-practitioner"),
        ("PRINCE2 7th Edition Practitioner", "prince2-practitioner"),
        ("PRINCE2 Practitioner 2017", "prince2-practitioner"),
        ("Prince II Practitioner", "prince2-practitioner"),
        ("AXELOS PRINCE2® Practitioner", "prince2-practitioner"),
        ("PeopleCert PRINCE2 Foundation", "prince2-foundation"),
        ("PRINCE2 Practitioner Certificate in Project Management", "prince2-practitioner"),
        ("PRINCE2 Foundation & Practitioner", "prince2-practitioner"),  # holds both: the higher counts
        ("PRINCE2 Foundation / Practitioner", "prince2-practitioner"),
        ("PRINCE2 7 Foundation", "prince2-foundation"),
        ("PRINCE2 Agile Foundation", "prince2-foundation"),
        ("ITIL Foundation v4", "itil4-foundation"),
        ("ITIL® 4 Foundation Certificate in IT Service Management", "itil4-foundation"),
        ("ITIL 4 Managing Professional", "itil4-managing-professional"),
        ("ITIL 4 Strategic Leader", "itil4-strategic-leader"),
        ("M_o_R 4 Foundation", "mor4-foundation"),
        ("Management of Risk Practitioner", "mor4-practitioner"),  # not a "management qualification"
        ("Management of Risk Foundation", "mor4-foundation"),
        ("P3O Practitioner", "p3o-practitioner"),
        ("APMG AgilePM Practitioner", "agilepm-practitioner"),
        # APM and PMI awards, old names included (APMP was the PMQ's name until 2015)
        ("APMP", "apm-pmq"),
        ("APM PMQ (formerly APMP)", "apm-pmq"),
        ("APM PFQ", "apm-pfq"),
        ("APM Introductory Certificate", "apm-pfq"),
        ("APM Project Professional Qualification", "apm-ppq"),
        ("APM Practitioner Qualification", "apm-ppq"),
        ("PMI-PMP®", "pmp"),
        ("PgMP", "pgmp"),
        ("Program Management Professional", "pgmp"),  # US spelling
        ("PfMP", "pfmp"),
        ("PMI-ACP", "pmi-acp"),
        ("PMI-RMP", "pmi-rmp"),
        ("PMI Certified Associate in Project Management", "capm"),  # "PMI" is in no generic award's wording
        ("IPMA Level C", "professional-pm-qualification"),
        ("Registered Project Professional", "professional-pm-qualification"),
        ("MoV Practitioner", "professional-pm-qualification"),
        ("Level 4 Diploma in Project Management", "professional-pm-qualification"),
        ("PSM II", "scrum-master-certification"),
        ("Scrum Alliance CSM", "scrum-master-certification"),
        ("Scrum.org PSM", "scrum-master-certification"),
        # degrees: stops, other first degrees, classes, the subject after or before the award
        ("B.Sc.", "bachelors-degree"),
        ("B.A. (Hons) English", "bachelors-degree"),
        ("LLB", "bachelors-degree"),
        ("First class honours in Maths", "bachelors-degree"),
        ("Degree (2:1) in Business Management", "bachelors-degree"),
        ("Bachelor of Science", "bachelors-degree"),
        ("Master of Science", "postgraduate-degree"),
        # a subject in a degree's alias would make it the head noun here and pull this to the bachelor's
        ("Masters degree in Engineering", "postgraduate-degree"),
        ("M.Sc.", "postgraduate-degree"),
        ("Ph.D.", "postgraduate-degree"),
        ("DPhil", "postgraduate-degree"),
        ("MEng", "postgraduate-degree"),
        ("PGCE Secondary Maths", "postgraduate-degree"),
        ("PG Dip", "postgraduate-degree"),
        ("Chemistry PhD", "postgraduate-degree"),
        ("M.B.A.", "mba"),
        ("Global MBA", "mba"),
        ("Part-time MBA", "mba"),
        # vocational
        ("SVQ Level 3", "vocational-qualification"),
        ("Higher National Diploma", "vocational-qualification"),  # not Scotland's Highers
        ("City & Guilds 2365 Level 3 Electrical", "vocational-qualification"),
        ("C&G", "vocational-qualification"),
        ("T Level in Digital Production", "vocational-qualification"),
        ("OND", "vocational-qualification"),
        # below a bachelor's, and no Foundation tier of anything
        ("Foundation degree", "vocational-qualification"),
        ("Associate degree", "vocational-qualification"),
        ("Journeyman electrician", "vocational-qualification"),
        # school-leaving awards, here and abroad
        ("O Levels", "secondary-education"),
        ("O Level Maths", "secondary-education"),
        ("CSE", "secondary-education"),
        ("Maths GCSE", "secondary-education"),
        ("9 GCSEs A*-C including Maths and English", "secondary-education"),
        ("5 GCSEs grade 4 or above", "secondary-education"),
        ("Scottish Highers", "secondary-education"),
        ("Advanced Highers", "secondary-education"),
        ("International Baccalaureate", "secondary-education"),
        ("IB Diploma", "secondary-education"),
        ("High School Diploma (USA)", "secondary-education"),
        ("GED", "secondary-education"),
        ("Irish Leaving Certificate", "secondary-education"),
        ("Abitur", "secondary-education"),
        ("Access to HE Diploma", "secondary-education"),
        # management
        ("Chartered Management Institute", "management-qualification"),
        ("Institute of Leadership & Management", "management-qualification"),
        ("ILM Level 5 Certificate in Leadership and Management", "management-qualification"),
        ("CMI Level 7 Diploma in Strategic Management and Leadership", "management-qualification"),
        ("Level 5 Diploma in Leadership and Management", "management-qualification"),
        ("Diploma in Management Studies", "management-qualification"),
    ],
)
def test_awards_as_people_write_them(analyser: Analyser, phrase: str, award: str) -> None:
    match = analyser.resolver.qualification(phrase)
    assert (match.status, match.target) == ("matched", award), match.reason


@pytest.mark.parametrize(
    ("award", "satisfies", "not_satisfies"),
    [
        ("pgmp", {"professional-pm-qualification"}, {"pmp"}),
        ("pfmp", {"professional-pm-qualification"}, {"pmp", "mop-practitioner"}),
        ("pmi-acp", {"professional-pm-qualification"}, {"pmp", "agilepm-foundation"}),
        ("pmi-rmp", {"professional-pm-qualification"}, {"pmp", "mor4-practitioner"}),
        ("apm-pfq", {"professional-pm-qualification"}, {"apm-pmq"}),  # entry level: not the PMQ
        ("apm-ppq", {"professional-pm-qualification"}, {"chpp"}),
        ("p3o-practitioner", {"p3o-foundation", "professional-pm-qualification"}, set()),
        ("p3o-foundation", {"professional-pm-qualification"}, {"p3o-practitioner"}),
        ("mor4-practitioner", {"mor4-foundation", "professional-pm-qualification"}, set()),
        ("mor4-foundation", {"professional-pm-qualification"}, {"mor4-practitioner"}),
        ("itil4-managing-professional", {"itil4-direct-plan-improve", "itil4-foundation"}, set()),
        ("itil4-strategic-leader", {"itil4-direct-plan-improve", "itil4-foundation"}, set()),
        ("itil4-foundation", set(), {"itil4-direct-plan-improve", "professional-pm-qualification"}),
    ],
)
def test_family_awards_satisfy_what_they_imply_and_no_more(
    library: Library, award: str, satisfies: set[str], not_satisfies: set[str]
) -> None:
    implied = library.implied_qualifications([award])
    assert satisfies <= implied
    assert not (not_satisfies & implied)


def test_no_foundation_tier_ever_satisfies_a_practitioner_tier(library: Library) -> None:
    """The tier rule holds for the whole library, not just the awards named in a test: whatever a Foundation award
    implies, directly or through others, is never a Practitioner (or higher) award."""
    higher_words = ("practitioner", "professional", "strategist")
    higher = {
        q.id
        for q in library.qualifications.values()
        if any(w in q.name.lower() for w in higher_words) and q.id != "professional-pm-qualification"
    }
    foundations = [q for q in library.qualifications.values() if "foundation" in q.name.lower()]
    assert len(foundations) >= 7 and len(higher) >= 10
    for q in foundations:
        assert not (library.implied_qualifications([q.id]) & higher), q.id


@pytest.mark.parametrize(
    ("phrase", "higher"),
    [
        ("PRINCE2 Foundation", "prince2-practitioner"),
        ("PRINCE2 Agile Foundation", "prince2-practitioner"),
        ("PRINCE2 7 Foundation", "prince2-practitioner"),
        ("MoR Foundation", "mor4-practitioner"),
        ("M_o_R 4 Foundation", "mor4-practitioner"),
        ("P3O Foundation", "p3o-practitioner"),
        ("ITIL 4 Foundation", "itil4-direct-plan-improve"),
        ("APM PFQ", "apm-pmq"),
        ("PRINCE2 Foundation (working towards Practitioner)", "prince2-practitioner"),
    ],
)
def test_a_lower_award_as_written_never_satisfies_the_higher_one(
    analyser: Analyser, library: Library, phrase: str, higher: str
) -> None:
    match = analyser.resolver.qualification(phrase)
    assert match.status == "matched", match.reason
    assert higher not in library.implied_qualifications([match.target or ""])


@pytest.mark.parametrize(
    ("phrase", "award"),
    [
        ("NVQ Level 3 Professional Cookery", "vocational-qualification"),
        ("HND Professional Cookery", "vocational-qualification"),
        ("MSc Advanced Practitioner", "postgraduate-degree"),
    ],
)
def test_an_open_ended_awards_subject_may_hold_a_tier_word(
    analyser: Analyser, phrase: str, award: str
) -> None:
    """After the award's own opening word the rest is its subject: "Professional" there is no tier of another award
    (a blind coach's head chef had the NVQ refused while every other NVQ was read)."""
    assert analyser.resolver.qualification(phrase).target == award


@pytest.mark.parametrize(
    "phrase",
    [
        "PRINCE2 Practitioner (in progress)",
        "PRINCE2 Practitioner (working towards)",
        "MSc Project Management (in progress)",
        "Level 4 Project Management apprenticeship - in progress",
        "PRINCE2 Practitioner, exam booked for May",
    ],
)
def test_an_award_whose_status_says_not_yet_is_not_held(analyser: Analyser, phrase: str) -> None:
    """A bracket or clause holding only the status ("in progress") is about the award just named: a blind coach
    found each of these counted as held, while "Studying for PRINCE2 Practitioner" was not (matcher 32)."""
    match = analyser.resolver.qualification(phrase)
    assert match.status == "refused", match.reason
    assert "not yet held" in match.reason


@pytest.mark.parametrize(
    ("phrase", "award"),
    [
        ("PRINCE2 Foundation (working towards Practitioner)", "prince2-foundation"),
        ("MSP Foundation (studying), APM PFQ", "apm-pfq"),
    ],
)
def test_a_status_naming_another_award_leaves_the_held_one(
    analyser: Analyser, phrase: str, award: str
) -> None:
    assert analyser.resolver.qualification(phrase).target == award


@pytest.mark.parametrize(
    ("phrase", "award"),
    [
        ("ITIL v3 Foundation", "itil4-foundation"),
        ("ITIL Foundation v3", "itil4-foundation"),
        ("ITIL Foundation (v3)", "itil4-foundation"),  # a version in brackets is still the version
        ("ITIL Foundation, v3", "itil4-foundation"),
        ("ITIL 2011 Foundation", "itil4-foundation"),
        ("MoR 3 Practitioner", "mor4-practitioner"),
    ],
)
def test_another_version_is_another_award(analyser: Analyser, phrase: str, award: str) -> None:
    """... and it is the award offered to confirm: someone holding ITIL v3 Foundation may count it as ITIL 4
    Foundation, which careergap does not assume (a coach found 'ITIL v3' refused with nothing offered)."""
    match = analyser.resolver.qualification(phrase)
    assert match.target != award
    assert match.candidates and match.candidates[0].target == award, match
    assert "another version" in match.reason or "differs in tier or version" in match.reason, match.reason


def test_a_bare_award_name_with_another_number_offers_the_award_the_name_stands_for(
    analyser: Analyser,
) -> None:
    match = analyser.resolver.qualification("ITIL v3")
    assert match.status == "refused" and match.reason == "'itil3' is another version of 'ITIL 4 Foundation'"
    assert match.candidates[0].target == "itil4-foundation"


@pytest.mark.parametrize(
    ("phrase", "award"),
    [
        # Scotland's MA with honours is a first degree (SCQF 10), like a BA Hons
        ("MA (Hons)", "bachelors-degree"),
        ("M.A. (Hons)", "bachelors-degree"),
        ("Scottish MA", "bachelors-degree"),
        # a master craftsperson in a trade holds a vocational award, not a master's degree
        ("Master electrician", "vocational-qualification"),
        ("Master plumber", "vocational-qualification"),
        ("Master craftsman", "vocational-qualification"),
        # ...while the degrees stay degrees
        ("Master of Arts", "postgraduate-degree"),
        ("MSc Project Management", "postgraduate-degree"),
        ("Master's degree", "postgraduate-degree"),
    ],
)
def test_a_scottish_ma_is_a_first_degree_and_a_master_tradesperson_is_not_a_masters(
    analyser: Analyser, phrase: str, award: str
) -> None:
    match = analyser.resolver.qualification(phrase)
    assert (match.status, match.target) == ("matched", award), match.reason


@pytest.mark.parametrize(
    "phrase",
    [
        "Grade 8 piano",
        "Grade 5 violin",
        "Grade B",
        "Driving licence",
        "Full clean driving licence",
        "Forklift licence",
        "First aid certificate",
        "First Aid at Work",
        "Red Cross first aid",
        "Mental health first aider",
        "Lean Six Sigma Green Belt",
        "NEBOSH General Certificate",
        "IOSH Managing Safely",
        "CSCS card",
        "Gas Safe registered",
        "BS 7671 18th edition",
        "DBS check",
        "ACCA",
        "CIPD Level 7",
        "Chartered Engineer",
        "AWS Certified Solutions Architect",
        "Google Project Management Certificate",
        "Certified Scrum Product Owner (CSPO)",
        "Master Practitioner in NLP",
        "Master bricklayer",  # a trade's title (not in the library's list of master tradespeople), not a master's
        "Master Black Belt",  # a rank in Lean Six Sigma, not a degree
        "Online course in Excel",
        "Distance learning diploma",
        "Part time bar work",
        "Higher education",  # not "Highers", not a degree
        "Foundation year",
        "APM member",  # a membership, not an award
    ],
)
def test_near_misses_stay_refused(analyser: Analyser, phrase: str) -> None:
    match = analyser.resolver.qualification(phrase)
    assert match.status != "matched", (match.target, match.reason)


def test_a_managing_professional_meets_the_direct_plan_and_improve_requirement_in_the_report(
    analyser: Analyser,
) -> None:
    held = _held(analyser, "it-project-manager", "ITIL 4 Managing Professional", "PRINCE2 7 Foundation")
    # written exactly as the award's name, so the report does not repeat it
    assert held["itil4-direct-plan-improve"] == "yes: ITIL 4 Managing Professional"
    assert held["itil4-foundation"] == "yes: ITIL 4 Managing Professional"
    assert held["prince2-foundation"] == 'yes: PRINCE2 Foundation (you wrote "PRINCE2 7 Foundation")'
    assert held["prince2-practitioner"] == "no"


def test_a_pmi_programme_award_meets_a_professional_qualification_requirement(analyser: Analyser) -> None:
    held = _held(analyser, "council-pro13", "PgMP")
    assert held["professional-pm-qualification"] == (
        'yes: Program Management Professional (PgMP) (you wrote "PgMP")'
    )


KEPT_ASIDE = Path(__file__).parent / "data" / "qualifications-kept-aside.yaml"


def score_labelled(analyser: Analyser, items: list[dict[str, str | None]]) -> tuple[float, float, float]:
    """(precision, recall, share of near misses refused) of the qualification matcher on labelled phrases; a match
    to the wrong award counts against both precision and recall."""
    right = wrong = positives = near = refused = 0
    for item in items:
        match = analyser.resolver.qualification(str(item["phrase"]))
        got = match.target if match.status == "matched" else None
        if item["expect"] is None:
            near += 1
            refused += got is None
            wrong += got is not None
        else:
            positives += 1
            right += got == item["expect"]
            wrong += got not in (None, item["expect"])
    return right / max(right + wrong, 1), right / max(positives, 1), refused / max(near, 1)


def test_the_kept_aside_qualifications_name_real_awards_and_score_as_reported(
    analyser: Analyser, library: Library
) -> None:
    """The figures in the file's header, as floors: precision and recall at the project's bar (0.95, 0.85); near
    misses at 0.9, since one is lost to the matcher reading "expert" as the filler "expertise" (see the header)."""
    items = yaml.safe_load(KEPT_ASIDE.read_text(encoding="utf-8"))["phrases"]
    assert len(items) >= 70 and sum(i["expect"] is None for i in items) >= 15
    assert all(i["expect"] is None or i["expect"] in library.qualifications for i in items)
    precision, recall, near_misses = score_labelled(analyser, items)
    print(f"kept aside: precision {precision:.3f} recall {recall:.3f} near misses refused {near_misses:.3f}")
    assert precision >= 0.95 and recall >= 0.85 and near_misses >= 0.9


@pytest.mark.parametrize(
    ("phrase", "award"),
    [
        # when, how and where an award was gained says nothing about which award it is
        ("Got my NVQ 2 in retail in 2012", "vocational-qualification"),
        ("Did my ILM Level 3 through work in 2020", "management-qualification"),
        ("PMP certified since 2019", "pmp"),
        ("Achieved PRINCE2 Practitioner (2016)", "prince2-practitioner"),
        ("Passed the APM PFQ in 2022", "apm-pfq"),
        ("MSc Computing, University of Leeds, 2014", "postgraduate-degree"),
        # nor does its certificate, candidate or membership number
        ("PRINCE2 Practitioner - Certificate No: GR656012345", "prince2-practitioner"),
        ("PMP #3051234", "pmp"),
        ("APM PMQ (membership no. 123456)", "apm-pmq"),
        # a year inside the name is its edition, which the library names
        ("PRINCE2 2017 Practitioner, passed 2018", "prince2-practitioner"),
        # a certificate or diploma named by its further-education level is a regulated vocational award
        ("Level 3 Diploma in Health and Social Care", "vocational-qualification"),
        ("AAT Level 2 Certificate in Bookkeeping", "vocational-qualification"),
        ("Level 2 Certificate in Customer Service (2019)", "vocational-qualification"),
        # ... unless it names an award the library has: the words decide
        ("Level 3 Certificate in Leadership and Management", "management-qualification"),
    ],
)
def test_a_held_award_is_read_without_when_and_how_it_was_gained(
    analyser: Analyser, phrase: str, award: str
) -> None:
    match = analyser.resolver.qualification(phrase)
    assert (match.status, match.target) == ("matched", award), match.reason
    assert not match.candidates or match.candidates[0].target == award  # the award chosen comes first


@pytest.mark.parametrize(
    "phrase",
    [
        "Level 2 Award in Food Safety",  # an award is a day's course, not a vocational qualification
        "Level 2 food hygiene",
        "Level 5 Diploma in Sports Coaching",  # above level 3 a diploma is not read as vocational by its level alone
        "Diploma in Floristry",  # no level: nothing says it is regulated
        "ITIL 2011 Foundation",  # an edition the library does not have (a different award), not a date
    ],
)
def test_a_level_alone_or_an_edition_is_not_read_as_an_award_the_library_has(
    analyser: Analyser, phrase: str
) -> None:
    match = analyser.resolver.qualification(phrase)
    assert match.status != "matched" or match.target != "vocational-qualification", match.reason
    assert match.target != "itil4-foundation", match.reason


@pytest.mark.parametrize(
    "phrase",
    [
        "Diploma",
        "Diploma in Nursing",
        "Level 4 Diploma in Adult Care",
        "Level 5 Diploma in Leadership for Health and Social Care",
    ],
)
def test_a_diploma_alone_names_no_award(analyser: Analyser, phrase: str) -> None:
    """An award's size names no award, as "certificate" does not: "Diploma" is not a management diploma, and a
    "Diploma in Nursing" is neither a postgraduate diploma nor a high-school one (it was ambiguous between the two)."""
    match = analyser.resolver.qualification(phrase)
    assert match.status == "refused", (match.status, match.target, match.reason)


@pytest.mark.parametrize(
    ("phrase", "award"),
    [
        ("Diploma in Management", "management-qualification"),
        ("Postgraduate Diploma in Education", "postgraduate-degree"),
        ("IB Diploma", "secondary-education"),
        ("Higher National Diploma in Business", "vocational-qualification"),
        ("National Diploma in Engineering", "vocational-qualification"),
        ("Level 3 Diploma in Adult Care", "vocational-qualification"),
    ],
)
def test_a_diploma_named_with_what_it_is_is_still_read(analyser: Analyser, phrase: str, award: str) -> None:
    match = analyser.resolver.qualification(phrase)
    assert (match.status, match.target) == ("matched", award), match.reason


def test_a_graduate_is_not_held_back_by_the_school_qualifications_pro8_asks_for(analyser: Analyser) -> None:
    """A new user's example: Alex (BSc Business Management) was told the junior role's gate was not passed."""
    held = _held(analyser, "council-pro8", "BSc Business Management")
    assert held["secondary-education"].startswith("yes"), held
