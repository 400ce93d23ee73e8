"""The HTML renderer: autoescaping, strict templates, the plan's sections and atomic writes."""

from __future__ import annotations

import errno
import io
import os
import re
import stat
import xml.etree.ElementTree as ET
from datetime import date

import jinja2
import pytest
import yaml
from markupsafe import escape

from screening.core.errors import ScreeningError
from screening.core.resources import default_rules, templates_dir
from screening.render import stylesheet, templates, view
from screening.render.html import render_html
from screening.render.printer import asset_path
from screening.store import files
from tests.conftest import ROOT, answers, printed_words
from tests.golden.support import EXPLAINED, INJECTED_NAME, ON, plan_for


@pytest.fixture(scope="module")
def plans(screener):
    names = ("ana", "rafa-red-flag", "pat-plain", "tom-tight", *EXPLAINED)
    return {name: plan_for(screener, name) for name in names}


def html_of(plan, **kwargs):
    return render_html(plan, on=ON, **kwargs)


# ------------------------------------------------------------------ safe by construction


def test_template_names_ending_in_j2_and_svg_are_autoescaped():
    env = templates.environment()
    for name in ("plan.html.j2", "sections/exercise.html.j2", "illustrations/deadlift.svg"):
        assert env.autoescape(name) is True, name
    assert env.undefined is jinja2.StrictUndefined


def test_an_undefined_name_fails_instead_of_printing_nothing():
    template = templates.environment().from_string("{{ nothing_here }}")
    with pytest.raises(jinja2.UndefinedError):
        template.render()


def test_markup_in_a_runner_name_comes_out_as_text(screener):
    plan = screener.screen(answers(runner={"name": INJECTED_NAME}))
    html = html_of(plan)
    assert "<img" not in html
    assert "<link" not in html
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in html
    assert "&lt;link rel=attachment href=file:///etc/hostname&gt;" in html


def test_markup_in_a_clinic_name_comes_out_as_text(plans):
    html = html_of(plans["ana"], clinic="<script>alert(1)</script>")
    assert "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "file:///etc/hostname",
        "http://example.com/plan.css",
        "https://example.com/x.svg",
        "data:text/plain,hello",
        "ftp://example.com/x",
    ],
)
def test_the_fetcher_refuses_anything_but_bundled_files(url):
    with pytest.raises(ValueError, match="only bundled assets"):
        asset_path(url)


def test_the_fetcher_refuses_a_path_that_climbs_out_of_the_templates():
    root = templates_dir().resolve()
    for url in (
        f"{root.as_uri()}/../pyproject.toml",
        f"{root.as_uri()}/%2e%2e/pyproject.toml",
        f"{root.as_uri()}/illustrations/../../README.md",
    ):
        with pytest.raises(ValueError):
            asset_path(url)


def test_the_fetcher_serves_a_bundled_file():
    url = (templates_dir().resolve() / "plan.css").as_uri()
    assert asset_path(url).name == "plan.css"


def test_a_plan_with_a_referral_refuses_to_print_a_loaded_exercise(plans):
    ana, rafa = plans["ana"], plans["rafa-red-flag"]
    lift = next(item for item in ana.routine if item.kind in view.LOADED_KINDS)
    bad = rafa.model_copy(update={"routine": [*rafa.routine, lift]})
    with pytest.raises(ScreeningError, match="loaded exercises"):
        html_of(bad)


def test_a_referral_plan_refuses_a_loaded_exercise_whatever_its_kind(plans):
    """The engine excludes by `tag: loaded`, not by kind: a lift filed under another kind."""
    ana, rafa = plans["ana"], plans["rafa-red-flag"]
    lift = next(item for item in ana.routine if item.exercise == "deadlift")
    for kind in ("activation", "mobility"):
        relabelled = lift.model_copy(update={"kind": kind})
        bad = rafa.model_copy(update={"routine": [*rafa.routine, relabelled]})
        with pytest.raises(ScreeningError, match="loaded exercises"):
            html_of(bad)


def test_no_renderer_names_an_exercise_id():
    """Renderers read the plan items' kinds and tags, never a list of exercise ids."""
    ids = set(exercise_library())
    for module in (ROOT / "screening" / "render").glob("*.py"):
        source = module.read_text()
        assert not [i for i in ids if f'"{i}"' in source], module.name


def test_an_illustration_id_must_be_a_plain_name(plans):
    ana = plans["ana"]
    item = ana.routine[0].model_copy(update={"illustration": "../../../etc/passwd"})
    bad = ana.model_copy(update={"routine": [item]})
    with pytest.raises(ScreeningError, match="illustration"):
        html_of(bad)


def test_unknown_paper_is_refused(plans):
    with pytest.raises(ScreeningError, match="paper"):
        html_of(plans["ana"], paper="tabloid")


# ------------------------------------------------------------------ illustrations


def exercise_library():
    return yaml.safe_load((default_rules() / "exercises.yaml").read_text(encoding="utf-8"))


def test_every_illustration_the_rules_name_is_drawn():
    folder = templates_dir() / "illustrations"
    needed = {entry["illustration"] for entry in exercise_library().values()}
    missing = sorted(name for name in needed if not (folder / f"{name}.svg").is_file())
    assert not missing


@pytest.mark.parametrize(
    "path", sorted((templates_dir() / "illustrations").glob("*.svg")), ids=lambda p: p.stem
)
def test_an_illustration_is_self_contained_svg(path):
    text = path.read_text(encoding="utf-8")
    root = ET.fromstring(text)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("aria-label")
    assert root.find("{http://www.w3.org/2000/svg}title") is not None
    # nothing to fetch, nothing Jinja would read as markup, no ids to clash when inlined
    assert not re.search(r"href|url\(|<image|\bid=", text)
    assert "{{" not in text
    assert "{%" not in text


# ------------------------------------------------------------------ what the plan shows


def test_header_shows_name_date_and_clinic(plans):
    html = html_of(plans["ana"], clinic="Riverside Physio")
    assert "Ana Example" in html
    assert '<time datetime="2026-11-25">25 November 2026</time>' in html
    assert "Riverside Physio" in html
    assert "<title>Mobility plan for Ana Example, 25 November 2026</title>" in html


def test_without_a_clinic_no_clinic_is_printed(plans):
    assert 'class="clinic"' not in html_of(plans["ana"])


def test_routine_is_printed_in_the_plans_order_with_a_picture_each(plans):
    for plan in plans.values():
        html = html_of(plan)
        ids = re.findall(r'<article class="exercise" id="exercise-([a-z_]+)"', html)
        assert ids == [item.exercise for item in plan.routine]
        assert html.count('<div class="picture"><svg') == len(plan.routine)
        assert html.count('class="box"') >= len(plan.routine)


def test_each_exercise_shows_dose_cues_and_reasons(plans):
    plan = plans["ana"]
    html = html_of(plan)
    for item in plan.routine:
        assert escape(item.dose) in html
        for cue in item.cues:
            assert escape(cue) in html
        for because in item.because:
            assert escape(because.text) in html


def test_summary_shows_what_the_runner_told_us_and_the_headline(plans):
    plan = plans["ana"]
    html = html_of(plan)
    assert escape(plan.headline.sentence) in html
    for line in view.told_us(plan):
        assert escape(line.label) in html and escape(line.text) in html


def test_left_out_lists_what_was_dropped_and_why(plans):
    html = html_of(plans["ana"])
    assert "Left out, and why" in html
    assert "<strong>Hamstring stretch.</strong>" in html


def test_when_to_do_it_names_run_days_and_rest_days(plans):
    html = html_of(plans["ana"])
    assert "Before every run, in this order" in html
    assert "On rest days too" in html


def test_a_runner_not_running_yet_is_told_once_a_day_and_when_to_start(plans):
    """Eight weeks after a birth: no referral page, but no run days, no runs in the log."""
    plan = plans["bea-after-birth"]
    html = html_of(plan, for_print=True)
    when = printed_words(html[html.index('class="when"') : html.index('class="disclaimer"')])
    assert "Once a day, in this order" in when and "Before every run" not in when
    assert "8 weeks after the birth: running usually waits until about 12 weeks" in when
    log = printed_words(html[html.index('class="log"') :])
    assert view.RUN_ROW not in log and "run days" not in log
    assert "See a clinician before you start" not in html
    assert "Running after the birth." in printed_words(html)


def test_the_new_answers_are_in_what_the_runner_told_us(plans):
    told = {t.label: t.text for t in view.told_us(plans["mara-missed-periods"])}
    assert told["Running"] == "none of the symptoms listed"  # the foot hurts: not "nothing"
    assert told["Where it hurts"] == "the foot (arch, top or ball)"
    assert told["Weekly distance"] == (
        "55 km a week over the last two weeks, 50 km a week in the two weeks before"
    )
    assert told["Past injuries"] == "a stress fracture or bone-stress injury before"
    assert told["Periods"] == "three months or more without a period"
    assert "Pregnancy" not in told
    pregnant = {t.label: t.text for t in view.told_us(plans["priya-pregnant"])}
    assert pregnant["Pregnancy"] == "pregnant, 26 weeks"
    after = {t.label: t.text for t in view.told_us(plans["fern-pelvic-floor"])}
    assert after["Pregnancy"] == (
        "gave birth 20 weeks ago; leaking, heaviness or dragging in the pelvic floor"
    )
    plain = {t.label: t.text for t in view.told_us(plans["ana"])}
    assert not {"Where it hurts", "Past injuries", "Pregnancy", "Periods"} & set(plain)


def test_a_bone_stress_referral_names_the_answers_behind_it(plans):
    html = html_of(plans["mara-missed-periods"])
    referral = printed_words(html[html.index('class="referral"') : html.index('class="tell"')])
    assert "Three months or more without a period: Yes; Where it hurts: the foot" in referral
    assert "shin_or_foot" not in referral and "A stress fracture or bone-stress injury before;" in (
        referral
    )


def test_log_has_two_weeks_and_a_row_per_exercise(plans):
    plan = plans["tom-tight"]
    html = html_of(plan)
    log = html[html.index('class="log"') :]
    assert "Day 1<" in log
    assert "Day 14<" in log
    assert log.count('class="log-week">Week') == 2
    for item in plan.routine:
        assert log.count(str(escape(item.name))) == 2


def test_disclaimer_is_quoted_exactly_and_attributed(plans):
    html = html_of(plans["ana"])
    assert str(escape(view.DISCLAIMER)) in html
    assert str(escape(view.DISCLAIMER_SOURCE)) in html


def test_the_article_is_credited_with_its_warm_up_only(plans):
    """Stretches, stability work and substitutes are not the article's: it gives four steps."""
    html = html_of(plans["ana"])
    attribution = html[html.index('class="attribution"') :]
    attribution = attribution[: attribution.index("</p>")]
    assert "source of this plan's exercises" not in attribution
    assert (
        "source of the four-step warm-up this plan builds on (foam rolling, drive-backs, "
        "deadlifts or kettlebell swings, straight-legged walking kicks)" in attribution
    )
    assert "stretches, stability exercises and substitutes" in attribution
    assert "are not from the article" in attribution
    assert str(escape(view.DISCLAIMER)) in html
    referral = html_of(plans["rafa-red-flag"])
    assert "four-step warm-up" in referral
    assert "a strength step, left out for now" in referral


def test_a_referral_plan_hides_the_lifting_answer_whatever_the_lift_is_called(plans):
    """Told-us lines are dropped by the catalogue's answer wording, not by exercise names."""
    rafa = plans["rafa-red-flag"]
    renamed = [
        item.model_copy(update={"name": f"Hip hinge {n}"}) if item.kind else item
        for n, item in enumerate(rafa.left_out)
    ]
    html = html_of(rafa.model_copy(update={"left_out": renamed}))
    told = html[html.index('class="told"') : html.index('class="when"')]
    assert not re.search(r"(?i)deadlift", told)
    answer = next(t for t in view.told_us(rafa) if t.topic == "runner.strength_experience")
    assert str(escape(answer.text)) not in told
    shown = html_of(plans["ana"])  # without a referral, the answer stays
    assert "Deadlifts" in shown[shown.index('class="told"') : shown.index('class="when"')]


def test_a_referral_comes_first_and_names_what_was_reported(plans):
    plan = plans["rafa-red-flag"]
    html = html_of(plan)
    body = html[html.index("<body>") :]
    assert body.index('class="referral"') < body.index('class="summary"')
    assert body.index('class="disclaimer"') < body.index('class="summary"')
    assert "I get chest pain at rest, in daily life or when active" in html
    assert "What to tell the clinician" in html
    for reason in plan.referral.reasons:
        assert str(escape(reason.text)) in html


def test_a_referral_plan_names_no_loaded_exercise_anywhere(plans):
    html = html_of(plans["rafa-red-flag"])
    assert not re.search(r"(?i)deadlift|kettlebell swing", html)
    assert "Strength work with weights" in html


def test_no_rule_id_appears_in_the_printed_plan(plans, kb):
    """The printed plan gives each reason in words; rule ids are for `explain` and the JSON."""
    ids = [rule.id for rule in kb.rules]
    for name, plan in plans.items():
        words = printed_words(html_of(plan))
        assert not [i for i in ids if i in words], name


def test_a_referral_log_asks_for_pain_but_not_for_runs(plans):
    referred = printed_words(html_of(plans["remi-referred"]))
    assert "Worst pain today" in referred
    assert "I ran today" not in referred
    assert "on run days" not in referred
    assert "Not until a clinician has cleared you" in referred
    assert "I ran today" in printed_words(html_of(plans["ana"]))


def test_notes_are_printed_beside_the_focus(plans):
    html = html_of(plans["olga-older"])
    summary = html[html.index('class="summary"') : html.index('class="columns"')]
    note = plans["olga-older"].notes[0]
    assert f"<strong>{escape(note.title)}.</strong> {escape(note.text)}" in summary
    assert 'class="notes"' not in html_of(plans["ana"])


def test_the_self_report_answers_are_shown(plans):
    html = html_of(plans["sela-self-report"])
    told = html[html.index('class="told"') : html.index('class="when"')]
    assert "Flexibility questions" in told
    assert "more than once" in told  # the dislocation answer, in the catalogue's words
    assert "five-question self-report: 5 of 5 yes" in told


def test_the_progression_says_where_the_runner_is_and_what_comes_next(plans):
    plan = plans["sam-teen"]
    html = html_of(plan)
    section = html[html.index('class="progression"') : html.index('class="left-out"')]
    assert section.count('class="step ') == 3
    assert 'class="step step-now"' in section
    assert "You are here" in section
    assert "When to move on" in section
    assert "learnt in person" in section  # why swings are not for now, at 14
    assert 'class="progression"' not in html_of(plans["remi-referred"])


def test_each_variant_is_drawn_as_its_dose_says(plans):
    olga = html_of(plans["olga-older"])
    assert "Single-leg balance with support" in olga
    assert "Straight-legged kick with support" in olga
    assert "Deadlift with no weight" in olga
    pat = html_of(plans["pat-plain"])
    assert "Rolling with a ball against a wall" in pat


def test_screen_html_carries_its_own_stylesheet_and_paper(plans):
    html = html_of(plans["ana"], paper="letter")
    assert "<style>" in html
    assert "@page { size: letter; }" in html
    printed = render_html(plans["ana"], on=ON, for_print=True)
    assert "<style>" not in printed


def test_date_defaults_to_today(plans):
    assert f"{date.today().day} {date.today():%B %Y}" in render_html(plans["ana"])


# ------------------------------------------------------------------ atomic writes


def test_write_atomic_never_overwrites_silently(tmp_path):
    target = tmp_path / "plan.pdf"
    assert files.write_atomic(target, b"one") == target
    second = files.write_atomic(target, b"two")
    assert second == tmp_path / "plan-2.pdf"
    assert target.read_bytes() == b"one"
    assert second.read_bytes() == b"two"
    assert files.write_atomic(target, b"three", overwrite=True) == target
    assert target.read_bytes() == b"three"


def test_a_crash_mid_write_leaves_the_old_plan_and_no_partial_file(tmp_path, monkeypatch):
    target = tmp_path / "plan.pdf"
    target.write_bytes(b"old plan")

    def crash(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", crash)
    with pytest.raises(KeyboardInterrupt):
        files.write_atomic(target, b"new plan", overwrite=True)
    assert target.read_bytes() == b"old plan"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.pdf"]


def test_a_write_error_is_one_plain_message(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ScreeningError, match="file: is a file, not a folder, so nothing can be"):
        files.write_atomic(blocker / "plan.pdf", b"x")


def test_files_are_written_for_the_owner_only(tmp_path):
    """Plans hold health answers: 0600 whatever the umask, new, numbered or replaced."""
    old = os.umask(0o022)
    try:
        target = tmp_path / "plan.pdf"
        written = [
            files.write_atomic(target, b"one"),
            files.write_atomic(target, b"two"),
            files.write_atomic(target, b"three", overwrite=True),
            files.write_output(str(tmp_path / "out.pdf"), b"four"),
            files.write_output(str(tmp_path / "out.pdf"), b"five", force=True),
        ]
    finally:
        os.umask(old)
    for path in written:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_the_default_path_still_gets_its_folder(tmp_path):
    target = tmp_path / "reports" / "plan.pdf"
    assert files.write_atomic(target, b"x") == target
    assert target.read_bytes() == b"x"


# ------------------------------------------------------------------ an explicit --output path


def test_an_explicit_path_is_written_and_kept_without_force(tmp_path):
    out = tmp_path / "plan.pdf"
    assert files.write_output(str(out), b"one") == out
    with pytest.raises(ScreeningError, match=r"already exists \(use --force to replace it\)$"):
        files.write_output(str(out), b"two")
    assert files.write_output(str(out), b"three", force=True) == out
    assert out.read_bytes() == b"three"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.pdf"]


@pytest.mark.parametrize("force", [False, True])
def test_a_symbolic_link_is_never_written_through_or_replaced(tmp_path, force):
    real = tmp_path / "real.txt"
    real.write_text("keep me")
    link = tmp_path / "link.pdf"
    link.symlink_to(real.name)
    with pytest.raises(ScreeningError, match=r"link\.pdf: is a symbolic link, not a regular file"):
        files.write_output(str(link), b"plan", force=force)
    assert link.is_symlink()
    assert real.read_text() == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.pdf", "real.txt"]


def test_a_dangling_symbolic_link_is_refused_too(tmp_path):
    link = tmp_path / "link.pdf"
    link.symlink_to(tmp_path / "nowhere.pdf")
    with pytest.raises(ScreeningError, match="symbolic link"):
        files.write_output(str(link), b"plan", force=True)
    assert not (tmp_path / "nowhere.pdf").exists()


def test_a_fifo_or_a_device_is_refused_even_with_force(tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with pytest.raises(ScreeningError, match="fifo: is a named pipe, not a regular file"):
        files.write_output(str(fifo), b"plan", force=True)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    with pytest.raises(ScreeningError, match="/dev/null: is a character device"):
        files.check_output("/dev/null", force=True)  # checked only: nothing is written


def test_a_missing_folder_is_not_created_for_an_explicit_path(tmp_path):
    out = tmp_path / "no" / "such" / "plan.pdf"
    with pytest.raises(ScreeningError, match=r"/no/such: folder does not exist$"):
        files.write_output(str(out), b"plan")
    assert not (tmp_path / "no").exists()
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ScreeningError, match=r"file: is not a folder$"):
        files.write_output(str(blocker / "plan.pdf"), b"plan")


@pytest.mark.parametrize("force", [False, True])
def test_a_folder_is_named_as_a_folder_at_once(tmp_path, force):
    for output in (str(tmp_path), f"{tmp_path}/", f"{tmp_path}/."):
        with pytest.raises(ScreeningError, match="is a folder; give a file name inside it"):
            files.write_output(output, b"plan", force=force)


@pytest.mark.parametrize("output", ["", "  "])
def test_an_empty_path_is_refused_plainly(output):
    with pytest.raises(ScreeningError, match=r"^--output: the file name is empty"):
        files.check_output(output, force=True)


def publish(plan, fmt, output, tmp_path, force=False):
    from screening import service

    return service.publish(
        plan,
        fmt,
        service.look(),
        output=output,
        folder=tmp_path / "reports",
        stream=io.BytesIO(),
        force=force,
    )


def test_a_bad_output_path_fails_before_anything_is_rendered(plans, tmp_path, monkeypatch):
    def no_render(*args, **kwargs):
        raise AssertionError("rendered before checking --output")

    monkeypatch.setattr("screening.render.to_bytes", no_render)
    with pytest.raises(ScreeningError, match="folder does not exist"):
        publish(plans["ana"], "pdf", str(tmp_path / "x" / "a.pdf"), tmp_path)


def test_publish_refuses_what_write_output_refuses(plans, tmp_path):
    """The service every front door calls: nothing replaced, nothing created, one plain line."""

    (tmp_path / "real.txt").write_text("keep me")
    (tmp_path / "link.json").symlink_to("real.txt")
    os.mkfifo(tmp_path / "fifo.json")
    (tmp_path / "folder").mkdir()
    cases = {
        "link.json": "is a symbolic link",
        "fifo.json": "is a named pipe",
        "no/plan.json": "folder does not exist",
        "folder": "is a folder",
    }
    for name, message in cases.items():
        with pytest.raises(ScreeningError, match=message):
            publish(plans["ana"], "json", str(tmp_path / name), tmp_path, force=True)
    with pytest.raises(ScreeningError, match="file name is empty"):
        publish(plans["ana"], "json", "", tmp_path, force=True)
    assert (tmp_path / "link.json").is_symlink()
    assert (tmp_path / "real.txt").read_text() == "keep me"
    assert not (tmp_path / "no").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "fifo.json",
        "folder",
        "link.json",
        "real.txt",
    ]


@pytest.mark.parametrize(
    "code", [errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV], ids=errno.errorcode.get
)
def test_without_hard_links_a_file_is_still_created_exclusively(tmp_path, monkeypatch, code):
    """FAT, exFAT and some SMB shares refuse os.link: an exclusive create takes its place."""

    def no_links(src, dst, *args, **kwargs):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "link", no_links)
    target = tmp_path / "plan.pdf"
    assert files.write_atomic(target, b"one") == target
    assert files.write_atomic(target, b"two") == tmp_path / "plan-2.pdf"
    assert target.read_bytes() == b"one"
    out = tmp_path / "out.pdf"
    assert files.write_output(str(out), b"three") == out
    with pytest.raises(ScreeningError, match="already exists"):
        files.write_output(str(out), b"four")
    assert out.read_bytes() == b"three"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.pdf", "plan-2.pdf", "plan.pdf"]


def test_without_hard_links_a_name_taken_meanwhile_is_not_overwritten(tmp_path, monkeypatch):
    target = tmp_path / "plan.pdf"

    def someone_else_first(src, dst, *args, **kwargs):
        if not os.path.lexists(target):
            target.write_bytes(b"theirs")  # appears between the check and the create
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", someone_else_first)
    with pytest.raises(ScreeningError, match="already exists"):
        files.write_output(str(target), b"mine")
    assert target.read_bytes() == b"theirs"
    assert files.write_atomic(target, b"mine") == tmp_path / "plan-2.pdf"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan-2.pdf", "plan.pdf"]


def test_without_hard_links_a_failed_rename_leaves_no_placeholder(tmp_path, monkeypatch):
    def no_links(src, dst, *args, **kwargs):
        raise OSError(errno.EPERM, "Operation not permitted")

    def crash(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "link", no_links)
    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        files.write_output(str(tmp_path / "plan.pdf"), b"plan")
    assert list(tmp_path.iterdir()) == []


def test_the_page_for_a_screen_needs_no_file_beside_it(plans):
    """The stylesheet names bundled drawings (the log's column lines); a standalone page
    carries them inline as data URIs."""
    assert "url(log-columns.svg)" in stylesheet.stylesheet()
    html = html_of(plans["ana"])
    assert "url(log-columns.svg)" not in html
    assert 'url("data:image/svg+xml,' in html


def test_the_stylesheets_colour_variables_are_written_out():
    css = stylesheet.expand_variables(
        ":root { --ink: #222; --wash: #eee; }\nh1 { color: var(--ink); }"
    )
    assert css == "h1 { color: #222; }"
    assert "var(--" not in stylesheet.stylesheet()
    with pytest.raises(ValueError, match="--nope"):
        stylesheet.expand_variables(":root { --ink: #222; }\nh1 { color: var(--nope); }")


def test_the_stylesheet_names_installed_fonts_only():
    """An @font-face makes WeasyPrint keep a temporary folder that only its FontConfiguration's
    finaliser removes, which never runs in the child that prints ahead (it ends with os._exit)
    nor, in a one-shot command, after gc.freeze(): a folder left in /tmp per plan."""
    rules = re.sub(r"/\*.*?\*/", "", stylesheet.stylesheet(), flags=re.S)  # comments may say so
    assert "@font-face" not in rules
