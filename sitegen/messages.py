"""What sitegen says to editors, in their language.

Messages are looked up by key so that another language can be added beside
Korean without touching the code that reports problems.
"""

from __future__ import annotations

from typing import Any

LANGUAGE = "ko"

MESSAGES: dict[str, dict[str, str]] = {
    "ko": {
        "severity_error": "오류",
        "severity_note": "원문 수치 확인",
        "found": "입력값",
        "expected": "필요한 값",
        "nothing": "(없음)",
        "a_mapping": "(항목 묶음)",
        "a_list": "(목록)",
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
        "yaml_tab": "탭 문자 — 들여쓰기에는 공백(스페이스)만 쓸 수 있습니다",
        "yaml_colon": "이 자리에 올 수 없는 ':' — 값에 ':'이 있으면 값을 따옴표로 감싸세요",
        "yaml_missing_colon": "'항목: 값'에서 ':'이 빠졌거나 따옴표가 닫히지 않음",
        "yaml_unclosed_quote": "닫히지 않은 따옴표",
        "yaml_undefined_alias": "정의되지 않은 별칭(*이름)",
        "yaml_indent": "들여쓰기가 맞지 않음",
        "yaml_many_documents": "한 파일에 '---'로 나뉜 문서가 여럿",
        "yaml_duplicate_anchor": "같은 이름의 앵커(&이름)가 둘",
        "yaml_other": "YAML 문법 오류({detail})",
        "yaml_too_large": "너무 깊거나 별칭(*이름)으로 너무 크게 펼쳐지는 내용",
        "yaml_small": "별칭을 줄인, 평범한 크기의 YAML",
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
        "percent_invalid": "백분율이 아님",
        "percent_expected": "백분율(예: 10.5 또는 '10.5%')",
        # schema
        "missing": "빠진 필수 항목",
        "missing_expected": "'{field}' 항목",
        "unknown_key": "알 수 없는 항목 '{key}'",
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
        "slug_expected": "영문 소문자·숫자·하이픈으로 된 이름(예: geumcheon)",
        "phone_expected": "전화번호(예: 871-3431, 02-2627-1234)",
        # references
        "unknown_reference": "없는 {kind} '{ref}'",
        "one_of_known": "있는 {kind}: {known}",
        "path_outside": "content 폴더 밖을 가리키는 경로 '{ref}'",
        "path_inside": "content 폴더 안의 파일 경로",
        "file_missing": "없는 파일 '{ref}'",
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
        # figures
        "mismatch": "원문 수치 {stated}, 계산하면 {derived}",
        "mismatch_expected": "일치하는 수치 — 원문이 실제로 이렇다면 as_published에 "
        "{{figure: '{figure}', reason: '…'}}를 넣으세요",
        "acknowledged": "원문 그대로 둔 수치 {stated} (계산값 {derived}): {reason}",
        "acknowledged_expected": "원문 그대로 출판",
        "ack_unused": "as_published에 넣었지만 계산과 일치하거나 없는 수치 '{figure}'",
        "ack_used_only": "계산과 다른 원문 수치에만 as_published",
        "weights_total": "가중치 합 {total}",
        "weights_hundred": "가중치 합 100",
    }
}


def text(key: str, **kwargs: Any) -> str:
    template = MESSAGES[LANGUAGE].get(key, key)
    return template.format(**kwargs) if kwargs else template
