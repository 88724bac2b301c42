"""Settings resolved in one place (sitegen/settings.py): flags over the environment over
site.yaml over defaults."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sitegen.engine.fingerprint import PACKAGE_THEMES
from sitegen.settings import Settings, SettingsError


def test_the_cache_is_the_flag_else_the_environment_else_beside_content(tmp_path: Path) -> None:
    content = tmp_path / "site" / "content"
    assert Settings.resolve(content, environ={}).cache == tmp_path / "site" / ".sitegen-cache"
    env = {"SITEGEN_CACHE": str(tmp_path / "ci-cache")}
    assert Settings.resolve(content, environ=env).cache == tmp_path / "ci-cache"
    assert Settings.resolve(content, tmp_path / "mine", environ=env).cache == tmp_path / "mine"


def test_theme_folders_most_specific_first(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (tmp_path / "themes" / "council").mkdir(parents=True)
    given = tmp_path / "override"
    settings = Settings.resolve(content, theme=given, environ={})
    assert settings.theme_dirs("council") == [given, tmp_path / "themes" / "council", PACKAGE_THEMES / "default"]
    assert settings.theme_dirs("missing") == [given, PACKAGE_THEMES / "default"]
    assert settings.theme_roots() == [given, tmp_path / "themes", PACKAGE_THEMES]


def test_flags_replace_site_yaml_values_and_the_preview_its_own() -> None:
    settings = Settings.resolve("content", base_url="/plans/", outputs="web, pdf", environ={})
    assert settings.overrides() == {"base_url": "/plans/", "outputs": ["web", "pdf"]}
    assert Settings.resolve("content", environ={}).overrides() == {}
    assert settings.for_preview().overrides() == {"base_url": "/", "outputs": ["web"]}


@pytest.mark.parametrize(
    ("flags", "flag", "found"),
    [({"base_url": "plans"}, "--base-url", "plans"), ({"outputs": "web,html"}, "--outputs", "html")],
)
def test_a_flag_that_cannot_be_used_is_named(flags: dict[str, str], flag: str, found: str) -> None:
    with pytest.raises(SettingsError) as caught:
        Settings.resolve("content", environ={}, **flags)
    assert (caught.value.flag, caught.value.found) == (flag, found)


def test_the_version_is_the_installed_distributions() -> None:
    from importlib.metadata import version

    from conftest import sitegen

    from sitegen import DIST

    run = sitegen("--version")
    assert run.code == 0 and run.out.strip() == f"sitegen {version(DIST)}"


def test_help_usage_and_argument_errors_speak_korean_and_english_by_locale() -> None:
    from conftest import sitegen

    korean = {"LANG": "ko_KR.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}
    shown = sitegen("build", "--help", env=korean)
    assert shown.code == 0 and shown.out.startswith("사용법: sitegen build")
    assert "-h, --help           이 도움말을 보여 주고 끝냅니다" in shown.out and "선택 사항:" in shown.out
    assert "show this help" not in shown.out and "options:" not in shown.out
    for args, said in (
        ((), "sitegen: 오류: 꼭 적어야 하는 것이 빠졌습니다: command"),
        (("build", "--nope"), "sitegen: 오류: 알 수 없는 인자: --nope"),
        (("serve", "--port", "x"), "sitegen serve: 오류: --port: 알맞은 값이 아닙니다(정수): 'x'"),
        (("hook", "pre-push"), "sitegen hook: 오류: name: 고를 수 없는 값 'pre-push'"),
    ):
        run = sitegen(*args, env=korean)
        assert run.code == 2 and said in run.err and "사용법: " in run.err, (args, run.err)
    english = sitegen("build", "--nope", env={"LANG": "en_US.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""})
    assert english.code == 2 and "sitegen: error: unrecognized arguments: --nope" in english.err


def test_the_english_catalogue_has_every_message_with_the_same_placeholders() -> None:
    import string

    from sitegen.messages import MESSAGES

    def fields(message: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(message) if name is not None}

    korean, english = MESSAGES["ko"], MESSAGES["en"]
    assert list(english) == list(korean)
    differ = {key for key in korean if fields(korean[key]) != fields(english[key])}
    assert differ == set()
    # Korean only where it names what the editor sees in Korean: quoted ('사이트 정보')
    unquoted = {key: re.sub(r"'[^']*'", "", message) for key, message in english.items()}
    assert not [key for key, message in unquoted.items() if any("\uac00" <= c <= "\ud7a3" for c in message)]


def test_messages_are_english_where_the_locale_says_so(minimal: Path) -> None:
    from conftest import PROGRAMME, edit, sitegen

    edit(minimal / PROGRAMME, "kind: 신규", "kind: 신귝")
    english = {"LANG": "en_US.UTF-8"}
    said = sitegen("check", "--content", str(minimal), env=english)
    assert said.code == 1 and "alpha.md:" in said.err and ": error: " in said.err, said.err
    assert "오류" not in said.err.split("'kind'")[0]  # the frame is English; the content's own words stay
    helped = sitegen("build", "--help", env=english)
    assert helped.out.startswith("usage: sitegen build") and "show this help message and exit" in helped.out
    korean = sitegen("check", "--content", str(minimal), env={"LANG": "ko_KR.UTF-8"})
    assert ": 오류: " in korean.err
