"""What sitegen says to editors, in their language.

Messages are looked up by key so that another language can be added beside
Korean without touching the code that reports problems. Korean is the default;
where the locale asks for English (LANG=en_US.UTF-8 and the like), English
(messages_en.py, the same keys and placeholders).
"""

from __future__ import annotations

import os
from typing import Any

from sitegen.messages_en import EN

LANGUAGE = "ko"

MESSAGES: dict[str, dict[str, str]] = {
    "ko": {
        "severity_error": "오류",
        "severity_note": "원문 수치 확인",
        "severity_rounded": "반올림",
        "found": "입력값",
        "expected": "필요한 값",
        "nothing": "(없음)",
        "a_mapping": "(항목 묶음)",
        "a_list": "(목록)",
        # command line
        "summary_errors": "고칠 곳 {count}군데. 위의 파일과 줄을 확인하세요.",
        "check_ok": "이상 없음: 지자체 {councils}곳, 계획 {plans}개, 사업 {programmes}개, 소식지 {editions}호, "
        "기사 {articles}개 (원문 그대로 둔 수치 {notes}개)",
        "build_refused": "오류가 있어 아무것도 만들지 않았습니다. 이전 결과물은 그대로입니다.",
        "build_ok": "파일 {files}개를 {out}에 만들었습니다.",
        "pages_made": "웹 페이지 {pages}개: 새로 만듦 {made}개, 이전 빌드에서 그대로 {kept}개",
        "progress_web": "웹",
        "build_unchanged": "바뀐 것이 없습니다: {out}의 파일 {files}개가 이미 최신입니다.",
        "cli_description": "주요업무계획과 소식지를 웹사이트·PDF·전자책으로 만듭니다.",
        "cli_check": "내용을 검사만 합니다",
        "cli_rounding": "반올림 범위 안에서 맞는 수치도 하나하나 보여 줍니다",
        "cli_build": "검사한 뒤 결과물을 만듭니다",
        "cli_schema": "편집기용 JSON Schema를 씁니다",
        "cli_fields": "편집자 안내서용 항목 참조(docs/fields.md)를 씁니다",
        "cli_content": "내용 폴더(기본: content)",
        "cli_out": "결과물 폴더",
        "cli_out_file": "결과물 파일",
        "cli_outputs": "이번에 만들 결과물(쉼표로 구분, 예: web,pdf). 기본: site.yaml의 outputs",
        "cli_cache": "바뀌지 않은 PDF 등을 다시 쓰는 캐시 폴더. 기본: SITEGEN_CACHE 또는 content 옆 .sitegen-cache",
        "cli_version": "sitegen의 버전을 보여 줍니다",
        "cli_usage": "사용법: ",
        "cli_positionals": "인자",
        "cli_optionals": "선택 사항",
        "cli_help": "이 도움말을 보여 주고 끝냅니다",
        "argparse_required": "꼭 적어야 하는 것이 빠졌습니다: {a0}",
        "argparse_choice": "{a0}: 고를 수 없는 값 {a1} (고를 수 있는 값: {a2})",
        "argparse_unknown": "알 수 없는 인자: {a0}",
        "argparse_one": "{a0}: 값을 하나 적어야 합니다",
        "argparse_type": "{a0}: 알맞은 값이 아닙니다({a1}): {a2}",
        "cli_doctor": "이 컴퓨터와 사이트에 필요한 것을 하나씩 살피고, 문제마다 할 일을 알려 줍니다(바꾸는 것 없음)",
        "cli_doctor_repo": "git 서버의 bare 저장소: 훅이 설치됐는지, 어느 브랜치를 배포하는지 봅니다",
        "doctor_python": "Python {version}",
        "doctor_weasyprint": "PDF 조판(WeasyPrint {version})",
        "doctor_weasyprint_missing": "PDF 조판(WeasyPrint)을 쓸 수 없습니다: {error}",
        "doctor_pango_todo": "Debian/Ubuntu: sudo apt install libpango-1.0-0 libpangoft2-1.0-0 (그다음 다시 실행)",
        "doctor_fonts": "테마 글꼴: {names}",
        "doctor_fonts_none": "테마에 글꼴(fonts/*.otf)이 없습니다",
        "doctor_font_broken": "글꼴을 읽을 수 없습니다: {path} ({error})",
        "doctor_fonts_todo": "테마의 fonts/ 폴더에 OTF/TTF 글꼴을 두세요(기본 테마의 글꼴을 복사해도 됩니다).",
        "doctor_git": "git 저장소: {root}",
        "doctor_git_missing": "git이 없습니다: 페이지에 '최종 수정일'과 책자의 커밋이 나오지 않습니다",
        "doctor_git_todo": "Debian/Ubuntu: sudo apt install git",
        "doctor_not_in_git": "{path}가 git 저장소 안에 있지 않습니다: 페이지에 '최종 수정일'이 나오지 않습니다",
        "doctor_not_in_git_todo": "사이트 폴더에서 git init 하고 커밋하세요(배포와 되돌리기도 커밋을 씁니다).",
        "doctor_content": "내용 검사 통과: 지자체 {councils}곳, 계획 {plans}개",
        "doctor_content_errors": "내용에 고칠 곳이 {count}개 있습니다",
        "doctor_content_todo": "sitegen check 로 파일과 줄을 보고 고치세요.",
        "doctor_site_todo": "--content 로 site.yaml이 있는 폴더를 알려 주거나, sitegen new site 로 새로 만드세요.",
        "doctor_cache": "캐시: {path} ({mb} MB)",
        "doctor_cache_none": "캐시: {path} (아직 없음: 첫 빌드가 만듭니다)",
        "doctor_cache_readonly": "캐시 폴더에 쓸 수 없습니다: {path}",
        "doctor_cache_todo": "{path}의 권한을 고치거나 --cache 로 쓸 수 있는 폴더를 고르세요.",
        "doctor_cache_damaged": "캐시 일부가 손상됐습니다: {path}",
        "doctor_cache_damaged_todo": (
            "할 일은 없습니다: 빌드는 손상된 부분을 읽지 않고 새로 만들고, "
            "그다음 빌드가 캐시를 새로 시작합니다(지워도 됩니다)."
        ),
        "doctor_ci": "CI 설정이 이 버전의 sitegen이 만드는 것과 같습니다: {path}",
        "doctor_ci_pinned": "CI가 다른 버전의 sitegen을 설치합니다: {path}에는 {theirs}, 이 sitegen은 {ours}",
        "doctor_ci_pinned_todo": (
            "CI도 이 버전으로 빌드하려면 {path}에서 설치할 버전을 바꿔 커밋하세요: {ours} "
            "(그대로 두면 CI는 그 버전으로 빌드합니다)."
        ),
        "doctor_ci_old": (
            "CI 설정이 이 버전의 sitegen이 만드는 것과 {lines}줄 다릅니다: {path} "
            "(예전 버전으로 만든 사이트라면 push마다 모든 페이지를 다시 만들 수 있습니다)"
        ),
        "doctor_ci_old_todo": (
            "빈 폴더에 sitegen new site 로 새 사이트를 만들어, 그 사이트의 {path} 파일과 이 사이트의 것을 "
            "비교하고 바뀐 곳을 옮겨 적으세요(직접 고친 곳은 남기세요. 버전마다 바뀐 점: CHANGELOG.md)."
        ),
        "doctor_hooks": "git 훅: {branch} 브랜치를 push하면 검사하고 {to}에 배포합니다",
        "doctor_hooks_missing": "{repo}에 sitegen 훅이 없습니다: push해도 검사·배포하지 않습니다",
        "doctor_hooks_todo": "sitegen install-hooks {repo} --to <웹 폴더> 로 설치하세요.",
        "doctor_deploy": "배포 폴더에 쓸 수 있습니다: {path}",
        "doctor_deploy_ok": "마지막 배포: 커밋 {commit}이(가) 올라갔습니다({time})",
        "doctor_deploy_failed": "마지막 배포가 실패했습니다: 커밋 {commit}은(는) 올라가지 않았습니다",
        "doctor_deploy_log": "배포 기록을 보세요: {log}",
        "doctor_deploy_readonly": "배포 폴더에 쓸 수 없습니다: {path}",
        "doctor_deploy_todo": "{path}(또는 그 위 폴더)의 권한을 훅을 실행하는 사용자에게 주세요.",
        "doctor_all_well": "모두 이상 없습니다.",
        "doctor_failed": "문제 {count}개: 위의 → 를 따라 고치세요.",
        "pdf_rendered": "PDF 만듦: {title} ({pages}쪽, {size}, {seconds:.1f}초)",
        "pdf_cached": "PDF 그대로: {title} ({pages}쪽, {size}, 바뀐 것 없음)",
        "cli_theme": "테마 폴더(기본: site.yaml의 theme)",
        "cli_base_url": "사이트를 올릴 주소(site.yaml의 base_url 대신, 예: /plans/ 또는 https://example.kr/)",
        "out_protected": "--out {out}: 내용 폴더나 저장소({folder})를 담고 있거나 그 자체라서"
        " 결과물 폴더로 쓸 수 없습니다. 빌드는 결과물 폴더를 통째로 바꿉니다. 다른 폴더(예: build)를 알려 주세요.",
        "out_not_folder": "--out {out}: 폴더가 아닙니다(파일이나 링크). 다른 폴더를 알려 주세요.",
        "cache_protected": "내용 폴더 밖에 있고 저장소를 담지 않은 캐시 폴더(기본: 내용 폴더 옆의 .sitegen-cache)",
        "cache_not_ours": "비어 있거나 없는 폴더, 또는 sitegen이 만든 캐시 폴더(CACHEDIR.TAG 파일이 있는 폴더)."
        " 캐시는 sitegen이 통째로 지우고 다시 만드는 곳이라 다른 파일이 든 폴더는 쓰지 않았습니다",
        "deploy_protected": "--to {to}: 내용 폴더나 저장소({folder})를 담고 있거나 그 안이라서"
        " 배포 폴더로 쓸 수 없습니다."
        " 다른 폴더를 알려 주세요.",
        "deploy_folder_changed": "{folder}: 배포하는 동안 폴더가 아닌 것(링크나 파일)으로 바뀌어 멈췄습니다."
        " 지금 사이트는 그대로입니다. 다시 배포하세요.",
        "deploy_not_ours": "--to {to}: sitegen이 배포한 적 없는, 파일이 든 폴더라서 쓰지 않았습니다(배포는 current와"
        " releases/를 바꾸고 오래된 배포를 지웁니다). 비어 있거나 없는 폴더를 알려 주세요. sitegen이 배포한 폴더에는"
        " {mark} 파일이 있습니다.",
        "out_not_ours": "--out {out}: sitegen이 만들지 않은 파일이 든 폴더라서 쓰지 않았습니다(빌드는 결과물 폴더를"
        " 통째로 바꿉니다). 비어 있거나 없는 폴더를 알려 주세요. sitegen이 만든 폴더에는 {mark} 파일이 있습니다.",
        "disk_full": "디스크가 가득 차서 멈췄습니다: {folder} (남은 공간 {free}). 만들던 폴더는 지웠고 이전 결과물은"
        " 그대로입니다. 공간을 비운 뒤(결과물 폴더 크기의 두 배쯤 필요) 다시 실행하세요.",
        "interrupted": "중단했습니다. 이전 결과물은 그대로입니다.",
        # shards
        "cli_shard": "I/N: 지자체를 N몫으로 나눠 I번째 몫의 웹 페이지·PDF·EPUB만 만듭니다(여러 기계). 합치기는 merge",
        "shard_expected": "1/2처럼 I/N (1 ≤ I ≤ N)",
        "cli_merge": (
            "--shard로 나눠 만든 결과물을 모아 사이트 전체를 만듭니다(몫의 페이지·PDF를 다시 만들지 않음). "
            "--cache나 SITEGEN_CACHE가 없으면 빈 캐시로 만들어, 몫에서 빠진 것은 다시 만들고 알려 줍니다"
        ),
        "cli_merge_shards": "--shard 빌드의 결과물 폴더들",
        "merge_not_shard": "{paths}: --shard 빌드의 결과물이 아닙니다({manifest}가 없음).",
        "merge_shards_mixed": "몫이 맞지 않습니다: {found}. 한 빌드의 1/N부터 N/N까지를 하나씩 주세요.",
        "merge_shards_missing": "몫 {missing}이 없습니다: 그 몫의 페이지, PDF, EPUB는 여기서 만듭니다.",
        "merge_file_outside": "{shard}: 목록의 파일 {rel}이 몫 폴더 밖을 가리킵니다. 이 몫은 받지 않습니다.",
        "merge_file_missing": "{shard}: 목록의 파일 {rel}이 없거나 보통 파일이 아닙니다. 몫을 다시 만드세요.",
        "merge_manifest_unreadable": "{shard}: 몫의 목록을 읽을 수 없습니다({error}). 몫을 다시 만드세요.",
        "merge_other_build": (
            "{shard}: 다른 빌드의 몫입니다(sitegen, 테마, site.yaml 또는 옵션이 다름). "
            "같은 커밋과 같은 옵션으로 만든 몫만 합칠 수 있습니다."
        ),
        # serve
        "cli_serve": "미리 보기: 만들고 127.0.0.1에서 보여 주며, 고치면 다시 만들고 브라우저를 새로 고칩니다",
        "cli_host": "미리 보기 주소(기본: 127.0.0.1, 이 컴퓨터에서만 보임)",
        "cli_port": "미리 보기 포트(기본: 8000)",
        "cli_serve_out": "미리 보기 결과물 폴더(기본: 임시 폴더, 끝나면 지움)",
        "serve_port_busy": "{host}의 포트 {port}는 이미 다른 프로그램이 쓰고 있습니다. 그 프로그램(다른 미리 보기?)을"
        " 끄거나 --port {other}처럼 다른 포트를 알려 주세요.",
        "deploy_uncommitted": "주의: 커밋하지 않은 변경 {count}개({files})도 함께 배포합니다."
        " 릴리스 이름은 커밋 뒤에 시각을 붙인 {name}입니다. 커밋한 것만 배포하려면 먼저 커밋하거나 변경을 되돌리세요.",
        "serve_no_site": "{path}가 없습니다. --content로 내용 폴더를 알려 주세요.",
        "serve_at": "미리 보기: {url} (끝내려면 Ctrl+C)",
        "serve_built": "다시 만들었습니다.",
        "serve_built_first": "만들었습니다.",
        "serve_building_title": "미리 보기를 만드는 중입니다",
        "serve_building_body": "처음에는 사이트 전체를 만드느라 시간이 걸립니다. 다 되면 저절로 바뀝니다.",
        "serve_rebuilding": "바뀐 파일 {count}개: 다시 만드는 중입니다(그동안 마지막으로 만든 사이트를 보여 줍니다).",
        "serve_kept": "오류 {count}개: 고칠 때까지 마지막으로 제대로 만든 사이트를 보여 줍니다.",
        "serve_errors_title": "내용에 오류가 있어 고치기 전의 사이트를 보여 줍니다",
        "serve_stopped": "미리 보기를 끝냈습니다.",
        "serve_polling": "파일 변경 알림을 받을 수 없어 0.2초마다 파일을 살펴봅니다({detail}).",
        # new
        "cli_new": "새 지자체·계획·사업·소식지 호·기사·사이트의 시작 파일을 만듭니다",
        "cli_new_council": "새 지자체 폴더",
        "cli_new_plan": "지자체의 새 연도 계획(사업 하나 포함)",
        "cli_new_programme": "계획에 새 사업(plan.yaml의 사업 목록에도 더함)",
        "cli_new_edition": "소식지의 새 호(제호가 없으면 함께, 기사 하나 포함)",
        "cli_new_pub_name": "제호가 없을 때 새로 만들 제호 이름",
        "cli_new_article": "소식지 호에 새 기사(edition.yaml의 기사 순서에도 더함)",
        "cli_new_site": "새 사이트 저장소(설정, 예시 지자체, CI, 훅, 안내서)",
        "new_link": "{path}: 심볼릭 링크라서 그 안이나 그 너머에는 만들지 않았습니다."
        " 링크 대신 실제 폴더나 파일을 두세요.",
        "new_exists": "{path}가 이미 있어 덮어쓰지 않았습니다.",
        "new_bad_slug": "'{slug}' 입력값: 이름 / 필요한 값: 영문 소문자·숫자·하이픈(예: press-2026)",
        "new_missing": "{path} 폴더가 없습니다. 먼저 만들거나 이름을 확인하세요.",
        "new_no_list": "{path}에서 '{field}' 목록([a, b] 모양)을 찾지 못했습니다. 직접 더해 주세요.",
        "new_listed": "'{slug}'는 이미 목록에 있습니다.",
        "new_not_empty": "{path}가 비어 있지 않습니다. 빈 폴더나 없는 폴더를 알려 주세요.",
        "new_wrote": "만듦: {path}",
        "new_changed": "고침: {path}",
        "new_next_council": "다음: {path}의 이름과 소개를 고치고, 'sitegen new plan {slug} <연도>'로 계획을 더하세요.",
        "new_next_plan": "다음: {path}의 부서·팀·장을 고치고, programmes/first.md를 실제 사업으로 바꾸세요.",
        "new_next_programme": "다음: {path}의 목적·기간·일정·담당자를 채우세요. 'sitegen check'로 확인합니다.",
        "new_next_edition": "다음: {path}의 발행일·구역을 확인하고 articles/first.md를 실제 기사로 바꾸세요.",
        "new_next_article": "다음: {path}의 제목·요약·본문을 쓰세요.",
        "new_next_site": (
            "다음: cd {path} 한 뒤 README.md의 '처음 한 번: 설치'를 따라 하고, "
            "'sitegen serve --content content'로 미리 보세요."
        ),
        # deploy
        "cli_deploy": "만든 뒤 올립니다: 폴더(releases/와 current 링크) 또는 git 브랜치",
        "cli_deploy_to": "올릴 폴더(웹 서버는 <폴더>/current를 봅니다)",
        "cli_deploy_git": "올릴 git 원격 저장소(주소나 경로)",
        "cli_deploy_branch": "올릴 브랜치(기본: gh-pages)",
        "cli_deploy_keep": "남겨 둘 이전 배포 수(기본: 5)",
        "cli_deploy_rollback": "current를 바로 이전 배포로 되돌립니다",
        "cli_deploy_revision": "배포 이름(기본: content의 git 커밋)",
        "cli_install_hooks": "서버의 bare 저장소에 검사(pre-receive)와 배포(post-receive) 훅을 설치합니다",
        "cli_hooks_branch": "배포할 브랜치(기본: 저장소의 기본 브랜치, 예: main 또는 master)",
        "deploy_target": "--to <폴더>와 --git <원격 저장소> 중 하나를 알려 주세요.",
        "deploy_rollback_needs_to": "--rollback에는 --to <폴더>가 필요합니다.",
        "deploy_refused": "오류가 있어 아무것도 올리지 않았습니다. 지금 사이트는 그대로입니다.",
        "deploy_done": "배포 {name}: {to}가 새 사이트를 가리킵니다.",
        "deploy_rolled_back": "되돌림: {to}/current가 배포 {name}을 가리킵니다.",
        "deploy_no_previous": "{to}: 되돌릴 이전 배포가 없습니다(지금: {live}).",
        "deploy_message": "sitegen 배포 {name}",
        "deploy_pushed": "{remote}의 {branch} 브랜치에 올렸습니다({commit}).",
        "hooks_not_repo": "{path}에 hooks 폴더가 없습니다. git 저장소(bare)의 경로를 알려 주세요.",
        "hooks_installed": "{path}에 훅을 설치했습니다. {branch} 브랜치에 push하면 검사하고 {to}에 배포합니다."
        " 다른 브랜치는 배포하지 않습니다(바꾸려면 --branch).",
        "hook_checking": "sitegen: {branch} 브랜치를 검사합니다.",
        "hook_checked": "sitegen: 검사를 통과했습니다. 받은 뒤 만들어 배포합니다.",
        "hook_deploying": (
            "sitegen: 커밋 {commit}을(를) 뒤에서 만들어 배포합니다(몇 분 걸릴 수 있습니다). 진행과 결과: {log}. "
            "끝나면 사이트 아래 '사이트 정보'에 이 커밋이 나옵니다."
        ),
        "hook_deploy_started": "== 배포 시작 {time} ==",
        "hook_deploy_done": "== 배포 끝: 커밋 {commit}이(가) 올라갔습니다 ({time}) ==",
        "hook_file_too_big": "{path}: 파일이 너무 큽니다({size:,}바이트, 한도 {limit:,}바이트). 받지 않았습니다.",
        "hook_tree_too_big": "push한 content와 themes가 너무 큽니다(모두 {size:,}바이트,"
        " 한도 {limit:,}바이트). 받지 않았습니다.",
        "hook_tree_too_many": "push한 content와 themes의 파일이 너무 많습니다(한도 {limit:,}개). 받지 않았습니다.",
        "hook_check_timeout": "sitegen: 검사가 제한 시간({seconds}초)을 넘어 멈췄습니다. 받지 않았습니다.",
        "hook_deploy_timeout": "sitegen: 배포 빌드가 제한 시간({seconds}초)을 넘어 멈췄습니다."
        " 테마 템플릿이 끝나지 않는"
        " 반복을 하지 않는지 보세요(운영자는 SITEGEN_DEPLOY_SECONDS로 늘릴 수 있습니다).",
        "hook_deploy_failed": (
            "== 배포 실패: 커밋 {commit}은(는) 올라가지 않았고, 사이트는 그대로입니다 ({time}). 위의 오류를 보세요 =="
        ),
        "hook_not_deployed": "sitegen: {branch} 브랜치는 배포하지 않습니다(배포하는 브랜치: {deployed})."
        " 검사도 하지 않았습니다.",
        "theme_unsafe": "{where}: 오류: 테마 템플릿이 허용되지 않는 것에 닿으려 했습니다({detail})."
        " 템플릿은 받은 내용을 보여 주기만 할 수 있습니다. 이전 결과물은 그대로입니다.",
        "hook_refused": "sitegen: 내용에 오류가 있어 push를 받지 않았습니다. 위의 파일과 줄을 고친 뒤 다시 push하세요.",
        "cli_hook": "git 서버의 훅이 부르는 명령(직접 쓰지 않음)",
        "internal_error": "sitegen 내부 오류입니다({detail}). 내용의 잘못이 아닐 수 있으니 "
        "개발팀에 알려 주세요. SITEGEN_DEBUG=1 로 자세한 내용을 볼 수 있습니다.",
        # files
        "file_too_big": "파일 크기 {size:,}바이트",
        "file_size_limit": "{limit:,}바이트 이하의 텍스트 파일",
        "file_unreadable": "읽을 수 없는 파일({reason})",
        "readable_file": "읽을 수 있는 파일",
        "binary_file": "텍스트가 아닌 파일(이미지·한글 문서 등)",
        "utf8_text": "UTF-8로 저장한 텍스트 파일",
        "looks_cp949": "CP949(EUC-KR)로 저장된 파일로 보임 — 편집기에서 UTF-8로 다시 저장하세요",
        "not_utf8": "UTF-8이 아닌 글자",
        "empty_file": "빈 파일",
        "no_front_matter": "첫 줄에 '---'이 없음",
        "front_matter": "'---' 줄로 시작하고 '---' 줄로 끝나는 머리말(YAML)",
        "front_matter_unclosed": "머리말을 닫는 '---' 줄이 없음",
        # YAML
        "yaml_valid": "올바른 YAML",
        "yaml_mapping": "'항목: 값' 형식의 YAML",
        "theme_string": "글 한 줄(문자열)",
        "theme_string_field": "{{이름}} 꼴의 자리만(점·대괄호·빈 {{}}·서식 지정 :…은 쓸 수 없음)",
        "theme_string_unfilled": "템플릿이 채우지 않는 자리 {name}",
        "theme_string_given": "템플릿이 주는 자리만: {given}",
        "yaml_tab": "탭 문자 — 들여쓰기에는 공백(스페이스)만 쓸 수 있습니다",
        "yaml_colon": "이 자리에 올 수 없는 ':' — 값에 ':'이 있으면 값을 따옴표로 감싸세요",
        "yaml_missing_colon": "'항목: 값'에서 ':'이 빠졌거나 따옴표가 닫히지 않음",
        "yaml_unclosed_quote": "닫히지 않은 따옴표",
        "yaml_undefined_alias": "정의되지 않은 별칭(*이름)",
        "yaml_indent": "들여쓰기가 맞지 않음",
        "yaml_many_documents": "한 파일에 '---'로 나뉜 문서가 여럿",
        "yaml_duplicate_anchor": "같은 이름의 앵커(&이름)가 둘",
        "yaml_flow_mapping": "{{…}} 묶음이 닫히지 않았거나 항목 사이에 쉼표가 없음",
        "yaml_flow_sequence": "[…] 목록이 닫히지 않았거나 항목 사이에 쉼표가 없음",
        "yaml_escape": "큰따옴표 안의 \\ 뒤에 쓸 수 없는 글자 — \\를 그대로 쓰려면 작은따옴표 '…'로 감싸세요",
        "yaml_bad_start": "@, `, *, & 같은 글자로 시작하는 값 — 값을 따옴표로 감싸세요",
        "yaml_other": "YAML 문법 오류({detail})",
        "yaml_too_large": "너무 깊거나 별칭(*이름)으로 너무 크게 펼쳐지는 내용",
        "yaml_small": "별칭을 줄인, 평범한 크기의 YAML",
        "flow_comma": "{{ }} 안에서 쉼표로 잘린 숫자 '…,{key}'",
        "flow_comma_expected": '쉼표가 든 숫자는 따옴표로 감싸기(예: {{amount: "4,182"}})',
        "key_not_scalar": "목록이나 묶음으로 된 항목 이름",
        "key_scalar": "글자로 된 항목 이름",
        "duplicate_key": "두 번 쓴 항목 '{key}'",
        "unique_key": "항목마다 한 번씩",
        "top_not_mapping": "{found}",
        # values
        "date_invalid": "날짜 형식이 아님",
        "date_float": "소수로 읽힌 날짜 — 2025.10이 2025.1이 되지 않도록 따옴표로 감싸세요",
        "date_needs_year": "연도 없는 날짜",
        "date_expected": "날짜(예: 2025. 2. 16. / 2025. 2. / 2025)",
        "period_expected": "기간(예: 2025. 2. ~ 8.)",
        "period_reversed": "끝({end})이 시작({start})보다 앞선 기간",
        "period_ordered": "시작보다 뒤에 끝나는 기간",
        "amount_invalid": "숫자가 아님",
        "amount_expected": "숫자(예: 1,234,000 / 9.5 / △128 / -). 단위는 unit 항목에",
        "count_invalid": "인원 수가 아님",
        "count_expected": "인원(예: 6) 또는 정원(현원)(예: '21 (23)')",
        "percent_invalid": "백분율이 아님",
        "percent_expected": "백분율(예: 10.5 또는 '10.5%')",
        # schema
        "missing": "빠진 필수 항목",
        "missing_expected": "'{field}' 항목",
        "unknown_key": "알 수 없는 항목 '{key}'",
        "text_after_comma": "'{key}'는 항목 이름이 아니라, {{ }} 안의 글이 쉼표에서 끊겨 남은 부분으로 보입니다",
        "quote_text_with_comma": "쉼표가 든 글은 따옴표로 감싸기(예: what: '보도자료 배포(신문, 인터뷰 등)')",
        "unknown_key_expected": "다음 중 하나: {allowed}",
        "did_you_mean": "혹시 '{suggestion}'을(를) 뜻했나요?",
        "type_text": "글자",
        "type_number": "정수(예: 3)",
        "type_decimal": "숫자",
        "type_bool": "true 또는 false",
        "type_list": "목록('- ' 로 시작하는 줄들)",
        "type_mapping": "'항목: 값' 묶음",
        "choice": "다음 중 하나: {choices}",
        "at_least": "{limit} 이상의 값",
        "more_than": "{limit}보다 큰 값",
        "at_most": "{limit} 이하의 값",
        "not_empty": "비어 있지 않은 값",
        "url_expected": "http:// 또는 https:// 로 시작하는 주소",
        "base_url_expected": "'/'로 끝나는 주소나 경로(예: / 또는 /plans/ 또는 https://example.kr/plans/)",
        "slug_expected": "영문 소문자·숫자·하이픈으로 된 이름(예: geumcheon)",
        "phone_expected": "전화번호(예: 871-3431, 02-2627-1234)",
        # references
        "unknown_reference": "없는 {kind} '{ref}'",
        "one_of_known": "있는 {kind}: {known}",
        "path_outside": "content 폴더 밖을 가리키는 경로 '{ref}'",
        "path_inside": "content 폴더 안의 파일 경로",
        "file_missing": "없는 파일 '{ref}'",
        "control_char": "보이지 않는 제어 문자(U+{code:04X})",
        "no_control_char": "글자·숫자·띄어쓰기·줄바꿈만(붙여 넣은 글에 섞인 제어 문자를 지우세요)",
        "not_regular_file": "일반 파일이 아닌 것(심볼릭 링크·장치·파이프). 내용은 읽지 않았습니다",
        "regular_file": "저장소 안의 일반 파일(링크가 가리키는 파일은 그 자리에 직접 넣으세요)",
        "image_not_regular": "'{ref}'는 일반 파일이 아님(링크·장치 등)",
        "image_too_big": "'{ref}'가 너무 큼",
        "image_not_image": "'{ref}'는 그림 파일이 아님{kind}",
        "image_unsupported": "({kind}: PDF와 전자책이 열지 못하는 형식)",
        "image_wrong_ending": "'{ref}'의 내용은 {kind} 그림인데 파일 이름의 끝(확장자)이 다름",
        "image_damaged": "'{ref}'는 끝까지 읽히지 않는 {kind} 그림(손상되었거나 잘림)",
        "image_svg_active": "'{ref}' SVG 안의 실행되거나 밖의 파일을 불러오는 부분 {kind}",
        "image_expected": "PNG·JPEG·GIF·WebP 그림 또는 스크립트·이벤트·외부 참조가 없는 SVG,"
        " 파일 이름의 끝은 내용과 같게(.png, .jpg, .gif, .webp, .svg)",
        "existing_file": "실제로 있는 파일",
        "not_in_chapters": "어느 장(chapters)에도 넣지 않은 사업 '{slug}'",
        "in_chapters": "plan.yaml의 chapters 목록에 넣은 사업",
        "listed_twice": "두 번 넣은 사업 '{slug}'",
        "listed_once": "한 번만",
        "continues_later": "같거나 나중 연도 계획의 사업 '{ref}'",
        "continues_earlier": "이전 연도 계획의 사업",
        "no_councils": "지자체 폴더가 없음",
        "council_folder": "content/councils/<이름>/council.yaml",
        "duplicate_number": "같은 번호 {number}를 쓴 사업이 둘",
        "unique_number": "사업마다 다른 번호",
        "year_mismatch": "폴더 이름 '{folder}'과 다른 연도 {year}",
        "same_year": "폴더 이름과 같은 연도",
        "shares_total": "비율의 합 {total}%",
        "shares_hundred": "합이 100%",
        "kind_team": "팀",
        "kind_grade": "직급",
        "kind_group": "직종",
        "kind_source": "재원",
        "kind_kind": "사업구분",
        "kind_input": "측정 항목",
        "kind_budget_row": "예산 표의 행",
        "kind_programme": "사업",
        "none_defined": "(정의된 것 없음)",
        "add_vocabulary": "새 용어라면 site.yaml의 vocabularies.{key}에 더하세요",
        "duplicate_id": "같은 id '{id}'가 둘",
        "unique_id": "서로 다른 id",
        "row_width": "칸 {found}개",
        "staff_grade_below": "합계 행의 {grade} {stated}, 직급별로 적은 행들의 {grade} 합 {least}보다 적음",
        "staff_grade_below_expected": (
            "합계 행의 직급별 인원은 직급별로 적은 행들의 합 이상(계만 적은 행이 더할 수는 있어도 뺄 수는 없음)"
        ),
        "staff_row_empty": "직급별 인원(counts)도 계(total)도 없는 행",
        "staff_row_expected": "직급별 인원이나 계 가운데 하나 이상",
        "staff_current_partial": "현원을 일부 직급에만 적음: {given}",
        "staff_current_expected": "모든 직급에 정원(현원)으로 적거나, 현원은 계에만 적기",
        "row_width_expected": "열 제목 수와 같은 {width}칸",
        "unit_unknown": "알 수 없는 단위 '{unit}'",
        "unit_expected": "다음 단위 중 하나: {units}",
        "content_missing": "content 폴더가 없음",
        "content_folder": "site.yaml이 든 content 폴더",
        "folder_name": "이름 '{name}'",
        "reserved_name": "계획의 페이지가 쓰는 이름 '{name}'",
        "other_name": "다른 파일 이름({names} 말고)",
        "programme_file": "programmes/{slug}.md 파일을 만드세요",
        "kind_article": "기사",
        "kind_section": "구역",
        "article_twice": "두 번 넣은 기사 '{slug}'",
        "article_file": "articles/{slug}.md 파일을 만드세요",
        "article_not_listed": "edition.yaml의 articles에 넣지 않은 기사 '{slug}'",
        "article_listed": "edition.yaml의 articles 목록에 넣은 기사",
        "no_plan_for_year": "{year}년 계획이 없는 지자체",
        "include_needs_month": "월이 없는 일정 넣기(호의 날짜에도 월이 없음)",
        "include_month": "month: 3처럼 월, 또는 월이 있는 호의 날짜",
        "plan_for_year": "호의 발행 연도와 같은 해의 계획(또는 programme으로 사업을 지정)",
        "include_needs_programme": "{kind}에 사업이 없음",
        "programme_ref": "<연도 폴더>/<사업 파일 이름>(예: 2025/anniversary)",
        "news_reserved": "지자체의 소식지 주소가 쓰는 이름 '{name}'",
        "plan_folder_name": "다른 계획 폴더 이름(보통 연도, 예: 2025)",
        "site_reserved": "사이트의 페이지가 쓰는 이름 '{name}'",
        "council_folder_name": "다른 지자체 폴더 이름({names} 말고)",
        "unknown_file": "알 수 없는 파일",
        "known_files": "{expected}",
        # figures
        "mismatch": "원문 수치 {stated}, 계산하면 {derived}",
        "mismatch_expected": "일치하는 수치 — 원문이 실제로 이렇다면 as_published에 "
        "{{figure: '{figure}', reason: '…'}}를 넣으세요",
        "acknowledged": "원문 그대로 둔 수치 {stated} (계산값 {derived}): {reason}",
        "acknowledged_expected": "원문 그대로 출판",
        "rounded": "원문 수치 {stated}, 계산하면 {derived}이지만 원문 수치들의 반올림(±{tolerance}) 안에서 맞음",
        "rounded_expected": "그대로 출판(원문이 반올림 전 금액으로 계산한 값)",
        "check_rounded": "반올림 범위 안에서 맞는 수치 {count}개: 목록은 sitegen check --rounding",
        "ack_unused": "as_published에 넣었지만 계산과 일치하거나 없는 수치 '{figure}'",
        "ack_used_only": "계산과 다른 원문 수치에만 as_published",
        "field_body": "본문",
        "link_refused": "쓸 수 없는 링크 주소 '{href}'",
        "link_expected": "http(s):// 주소나 사이트 안의 경로 — javascript:·data:·file: 주소는 "
        "독자의 안전을 위해 막습니다",
        "md_image_refused": "Markdown으로 넣은 그림 '{href}'",
        "md_image_expected": "그림은 images: 항목에(파일·대체 텍스트와 함께) — 본문의 그림 주소는 누리집에 실리지 않고"
        " 인쇄본이 아무 파일이나 읽어 오게 되므로 막습니다",
        "weights_total": "가중치 합 {total} ({each})",
        "weights_hundred": "'{owner}'에 딸린 지표들의 weight를 더해 100이 되게 고치세요(원문의 가중치 표를 확인하세요)",
        "levels_top": "맨 위 단계: {found}",
        "levels_top_expected": "levels 아래에 맨 위 단계들(예: 전략목표)을 적으세요(예전 이름 goals와 함께 쓰지 않음)",
        "levels_two_lists": "하위 단계 목록이 둘 이상({keys})",
        "levels_one_list": "하위 단계는 children 한 목록에 적으세요(unit_programmes, budget_programmes는 예전 이름)",
        "levels_both": "levels와 goals가 함께 있음",
    },
    "en": EN,
}


class _Kept(dict[str, Any]):
    """A placeholder no value was given for stays as it is written."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def language() -> str:
    """English where the locale asks for it (LC_ALL, LC_MESSAGES, LANG, in gettext's order),
    else Korean: read at each message, so a test or a hook can set it per process."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            return "en" if value.startswith("en") else LANGUAGE
    return LANGUAGE


def text(key: str, /, **kwargs: Any) -> str:
    """The message for key, its placeholders filled; always formatted, so "{{" in a message
    is shown as one brace whether or not it has values to fill."""
    return MESSAGES[language()].get(key, key).format_map(_Kept(kwargs))
