"""What sitegen says to editors, in English (LANG=en…); keys and placeholders as in messages.py."""

EN: dict[str, str] = {
    "severity_error": "error",
    "severity_note": "note",
    "severity_rounded": "rounding",
    "found": "found",
    "expected": "expected",
    "nothing": "(none)",
    "a_mapping": "(a group of fields)",
    "a_list": "(a list)",
    # command line
    "summary_errors": "Places to fix: {count}. See the files and lines above.",
    "check_ok": (
        "No problems. Councils: {councils}, plans: {plans}, programmes: {programmes}, newsletter editions: "
        "{editions}, articles: {articles} (figures kept as published: {notes})"
    ),
    "build_refused": "Nothing was made because there are errors. The previous output is unchanged.",
    "build_ok": "Made {files} files in {out}.",
    "pages_made": "{pages} web pages: {made} newly made, {kept} kept from the previous build",
    "progress_web": "web",
    "build_unchanged": "Nothing has changed: the {files} files in {out} are already up to date.",
    "cli_description": "Turns annual work plans and newsletters into a website, PDFs and e-books.",
    "cli_check": "only check the content",
    "cli_rounding": "also list, one by one, the figures that agree within rounding",
    "cli_build": "check, then make the outputs",
    "cli_schema": "write the JSON Schema for text editors",
    "cli_fields": "write the field reference for the editors' guide (docs/fields.md)",
    "cli_content": "content folder (default: content)",
    "cli_out": "output folder",
    "cli_out_file": "output file",
    "cli_outputs": "outputs to make this time (comma-separated, e.g. web,pdf). Default: outputs in site.yaml",
    "cli_cache": (
        "cache folder for reusing unchanged PDFs and the like. Default: SITEGEN_CACHE or .sitegen-cache next to content"
    ),
    "cli_version": "show sitegen's version",
    "cli_usage": "usage: ",
    "cli_positionals": "positional arguments",
    "cli_optionals": "options",
    "cli_help": "show this help message and exit",
    "argparse_required": "missing something you must give: {a0}",
    "argparse_choice": "{a0}: {a1} is not one of the choices (choose from: {a2})",
    "argparse_unknown": "unknown arguments: {a0}",
    "argparse_one": "{a0}: give one value",
    "argparse_type": "{a0}: not a valid value ({a1}): {a2}",
    "cli_doctor": (
        "check one by one what this computer and the site need, and say what to do about each problem (changes nothing)"
    ),
    "cli_doctor_repo": (
        "bare repository on the git server: check that the hooks are installed and which branch is deployed"
    ),
    "doctor_python": "Python {version}",
    "doctor_weasyprint": "PDF typesetting (WeasyPrint {version})",
    "doctor_weasyprint_missing": "Cannot use PDF typesetting (WeasyPrint): {error}",
    "doctor_pango_todo": "Debian/Ubuntu: sudo apt install libpango-1.0-0 libpangoft2-1.0-0 (then run this again)",
    "doctor_fonts": "Theme fonts: {names}",
    "doctor_fonts_none": "The theme has no fonts (fonts/*.otf)",
    "doctor_font_broken": "Cannot read a font: {path} ({error})",
    "doctor_fonts_todo": "Put OTF/TTF fonts in the theme's fonts/ folder (you can copy the default theme's fonts).",
    "doctor_git": "git repository: {root}",
    "doctor_git_missing": (
        "git is not installed: pages will not show their 'last changed' date, and booklets will not show their commit"
    ),
    "doctor_git_todo": "Debian/Ubuntu: sudo apt install git",
    "doctor_not_in_git": "{path} is not inside a git repository: pages will not show their 'last changed' date",
    "doctor_not_in_git_todo": (
        "Run git init in the site folder and commit (deploying and rolling back use commits too)."
    ),
    "doctor_content": "Content check passed (councils: {councils}, plans: {plans})",
    "doctor_content_errors": "The content has places to fix: {count}",
    "doctor_content_todo": "Run sitegen check to see the files and lines, then fix them.",
    "doctor_site_todo": (
        "Use --content to give the folder that has site.yaml, or make a new site with sitegen new site."
    ),
    "doctor_cache": "Cache: {path} ({mb} MB)",
    "doctor_cache_none": "Cache: {path} (not there yet: the first build makes it)",
    "doctor_cache_readonly": "Cannot write to the cache folder: {path}",
    "doctor_cache_todo": "Fix the permissions of {path}, or use --cache to choose a folder you can write to.",
    "doctor_cache_damaged": "Part of the cache is damaged: {path}",
    "doctor_cache_damaged_todo": (
        "Nothing to do: a build makes again what it finds damaged, and the build after it starts the cache "
        "afresh (you can also delete it)."
    ),
    "doctor_ci": "The CI settings are the ones this version of sitegen makes: {path}",
    "doctor_ci_pinned": "CI installs another version of sitegen: {theirs} in {path}, {ours} here",
    "doctor_ci_pinned_todo": (
        "For CI to build with this version too, change the version in {path} to {ours} and commit it "
        "(as it is, CI builds with that version)."
    ),
    "doctor_ci_old": (
        "The CI settings differ from the ones this version of sitegen makes in {lines} line(s): {path} "
        "(a site made by an older version may make every page again on every push)"
    ),
    "doctor_ci_old_todo": (
        "Make a new site in an empty folder with sitegen new site, compare its {path} with this site's and copy "
        "the changes over (keep what you changed yourself; what changed in each version: CHANGELOG.md)."
    ),
    "doctor_hooks": "git hooks: a push to the {branch} branch is checked and deployed to {to}",
    "doctor_hooks_missing": "{repo} has no sitegen hooks: a push is not checked or deployed",
    "doctor_hooks_todo": "Install them with sitegen install-hooks {repo} --to <web folder>.",
    "doctor_deploy": "Can write to the deploy folder: {path}",
    "doctor_deploy_ok": "Last deploy: commit {commit} went live ({time})",
    "doctor_deploy_failed": "The last deploy failed: commit {commit} did not go live",
    "doctor_deploy_log": "See the deploy log: {log}",
    "doctor_deploy_readonly": "Cannot write to the deploy folder: {path}",
    "doctor_deploy_todo": "Give the user who runs the hooks permission to write to {path} (or the folder above it).",
    "doctor_all_well": "Everything is fine.",
    "doctor_failed": "Problems: {count}. Follow the → above to fix them.",
    "pdf_rendered": "PDF made: {title} ({pages} pages, {size}, {seconds:.1f} s)",
    "pdf_cached": "PDF reused: {title} ({pages} pages, {size}, nothing changed)",
    "cli_theme": "theme folder (default: theme in site.yaml)",
    "cli_base_url": (
        "address the site will be published at (instead of base_url in site.yaml, e.g. /plans/ or https://example.kr/)"
    ),
    "out_protected": (
        "--out {out}: cannot be the output folder because it is, or holds, the content folder or the repository "
        "({folder}). A build replaces the whole output folder. Give another folder (e.g. build)."
    ),
    "out_not_folder": "--out {out}: not a folder (a file or a link). Give another folder.",
    "cache_protected": "a cache folder outside the content folder that does not hold the repository"
    " (by default .sitegen-cache beside the content folder)",
    "cache_not_ours": "an empty or missing folder, or a cache folder sitegen made (one with a CACHEDIR.TAG file):"
    " sitegen deletes and remakes what is in its cache, so a folder holding other files was not used",
    "deploy_protected": "--to {to}: it holds the content folder or the repository ({folder}), or is inside it,"
    " so it cannot take releases. Name another folder.",
    "deploy_folder_changed": "{folder}: it was made something other than a folder (a link or a file) during"
    " the deploy; stopped. The live site is as it was. Deploy again.",
    "deploy_not_ours": "--to {to}: a folder holding files that sitegen never deployed was not used (a deploy"
    " replaces current and releases/ and deletes old releases). Name an empty or missing folder; a folder"
    " sitegen deployed to holds a {mark} file.",
    "out_not_ours": (
        "--out {out}: not used because the folder holds files that sitegen did not make (a build replaces the "
        "whole output folder). Give an empty folder or one that does not exist yet. Folders made by sitegen have "
        "a {mark} file."
    ),
    "disk_full": (
        "Stopped because the disk is full: {folder} ({free} left). The half-made folder was deleted and the "
        "previous output is unchanged. Free up some space (about twice the size of the output folder), then run "
        "again."
    ),
    "interrupted": "Stopped. The previous output is unchanged.",
    # shards
    "cli_shard": (
        "I/N: split the councils into N parts and make only the pages, PDFs and EPUBs of part I (on several "
        "machines). To combine them: merge"
    ),
    "shard_expected": "I/N, like 1/2 (1 ≤ I ≤ N)",
    "cli_merge": (
        "combine the outputs of --shard builds into the whole site (without making the PDFs again). Without "
        "--cache or SITEGEN_CACHE, starts from an empty cache, makes again what the parts are missing, and says "
        "so"
    ),
    "cli_merge_shards": "output folders of --shard builds",
    "merge_not_shard": "{paths}: not the output of a --shard build (no {manifest}).",
    "merge_shards_mixed": "the shards do not fit together: {found}. Give 1/N to N/N of one build, each once.",
    "merge_shards_missing": "shard {missing} missing: its pages, PDFs and EPUBs are made here.",
    "merge_file_outside": "{shard}: the listed file {rel} points outside the shard's folder. This shard is refused.",
    "merge_file_missing": "{shard}: the listed file {rel} is missing or not a regular file. Make the shard again.",
    "merge_manifest_unreadable": "{shard}: the shard's list cannot be read ({error}). Make the shard again.",
    "merge_other_build": (
        "{shard}: a shard of another build (sitegen, theme, site.yaml or options differ). "
        "Only shards made from the same commit with the same options can be merged."
    ),
    # serve
    "cli_serve": "preview: build, show it at 127.0.0.1, and build again and refresh the browser when you edit",
    "cli_host": "preview address (default: 127.0.0.1, seen only on this computer)",
    "cli_port": "preview port (default: 8000)",
    "cli_serve_out": "preview output folder (default: a temporary folder, deleted at the end)",
    "serve_port_busy": (
        "Port {port} on {host} is already used by another program. Close that program (another preview?) or give "
        "another port, like --port {other}."
    ),
    "deploy_uncommitted": (
        "Note: {count} uncommitted changes ({files}) are deployed too. The release is named {name}: the commit "
        "followed by the time. To deploy only what is committed, commit first or undo the changes."
    ),
    "serve_no_site": "{path} does not exist. Use --content to give the content folder.",
    "serve_at": "Preview: {url} (press Ctrl+C to stop)",
    "serve_built": "Made again.",
    "serve_built_first": "Made.",
    "serve_building_title": "Making the preview",
    "serve_building_body": (
        "The first time takes a while because the whole site is made. This page changes by itself when it is ready."
    ),
    "serve_rebuilding": "{count} files changed: making the site again (showing the last site made until then).",
    "serve_kept": "{count} errors: showing the last site made without errors until you fix them.",
    "serve_errors_title": "The content has errors, so this is the site from before they were made",
    "serve_stopped": "Preview stopped.",
    "serve_polling": "Cannot be told when files change, so checking the files every 0.2 seconds ({detail}).",
    # new
    "cli_new": "make the starting files for a new council, plan, programme, newsletter edition, article or site",
    "cli_new_council": "a new council folder",
    "cli_new_plan": "a council's plan for a new year (with one programme)",
    "cli_new_programme": "a new programme in a plan (also added to the programme list in plan.yaml)",
    "cli_new_edition": "a new edition of a newsletter (with the newsletter itself if it is new, and one article)",
    "cli_new_pub_name": "name of the newsletter to make if it does not exist yet",
    "cli_new_article": "a new article in a newsletter edition (also added to the article order in edition.yaml)",
    "cli_new_site": "a new site repository (settings, a sample council, CI, hooks, guides)",
    "new_link": "{path}: a symbolic link; nothing was made in it or through it. Put a real folder or file there.",
    "new_exists": "{path} already exists, so it was not overwritten.",
    "new_bad_slug": (
        "'{slug}' found: a name / expected: lowercase English letters, digits and hyphens (e.g. press-2026)"
    ),
    "new_missing": "The folder {path} does not exist. Make it first, or check the name.",
    "new_no_list": "Could not find the '{field}' list (shaped like [a, b]) in {path}. Please add it yourself.",
    "new_listed": "'{slug}' is already in the list.",
    "new_not_empty": "{path} is not empty. Give an empty folder or one that does not exist yet.",
    "new_wrote": "Made: {path}",
    "new_changed": "Changed: {path}",
    "new_next_council": (
        "Next: change the name and introduction in {path}, then add a plan with 'sitegen new plan {slug} <year>'."
    ),
    "new_next_plan": (
        "Next: change the department, team and head in {path}, and replace programmes/first.md with a real programme."
    ),
    "new_next_programme": (
        "Next: fill in the purpose, period, schedule and contact person in {path}. Check it with 'sitegen check'."
    ),
    "new_next_edition": (
        "Next: check the publication date and sections in {path}, and replace articles/first.md with a real article."
    ),
    "new_next_article": "Next: write the title, summary and text in {path}.",
    "new_next_site": (
        "Next: cd {path}, follow the first-time setup ('처음 한 번: 설치') in README.md, then preview with 'sitegen "
        "serve --content content'."
    ),
    # deploy
    "cli_deploy": "build, then publish: to a folder (releases/ and a current link) or to a git branch",
    "cli_deploy_to": "folder to publish to (the web server looks at <folder>/current)",
    "cli_deploy_git": "git remote repository to publish to (address or path)",
    "cli_deploy_branch": "branch to publish to (default: gh-pages)",
    "cli_deploy_keep": "number of previous deploys to keep (default: 5)",
    "cli_deploy_rollback": "point current back at the previous deploy",
    "cli_deploy_revision": "deploy name (default: the git commit of content)",
    "cli_install_hooks": (
        "install check (pre-receive) and deploy (post-receive) hooks in the bare repository on the server"
    ),
    "cli_hooks_branch": "branch to deploy (default: the repository's default branch, e.g. main or master)",
    "deploy_target": "Give either --to <folder> or --git <remote repository>.",
    "deploy_rollback_needs_to": "--rollback needs --to <folder>.",
    "deploy_refused": "Nothing was published because there are errors. The live site is unchanged.",
    "deploy_done": "Deploy {name}: {to} points to the new site.",
    "deploy_rolled_back": "Rolled back: {to}/current points to deploy {name}.",
    "deploy_no_previous": "{to}: there is no earlier deploy to go back to (live now: {live}).",
    "deploy_message": "sitegen deploy {name}",
    "deploy_pushed": "Published to the {branch} branch of {remote} ({commit}).",
    "hooks_not_repo": "{path} has no hooks folder. Give the path of a (bare) git repository.",
    "hooks_installed": (
        "Installed the hooks in {path}. A push to the {branch} branch is checked and deployed to {to}. Other "
        "branches are not deployed (to change this, use --branch)."
    ),
    "hook_checking": "sitegen: checking the {branch} branch.",
    "hook_checked": "sitegen: the check passed. The push is accepted, then built and deployed.",
    "hook_deploying": (
        "sitegen: building and deploying commit {commit} in the background (this can take a few minutes). "
        "Progress and result: {log}. When it is done, this commit is shown on the '사이트 정보' (site information) "
        "page linked at the foot of the site."
    ),
    "hook_deploy_started": "== Deploy started {time} ==",
    "hook_deploy_done": "== Deploy finished: commit {commit} is live ({time}) ==",
    "hook_file_too_big": "{path}: the file is too big ({size:,} bytes, the limit is {limit:,}). Not accepted.",
    "hook_tree_too_big": "the pushed content and themes are too big ({size:,} bytes in all,"
    " the limit is {limit:,}). Not accepted.",
    "hook_tree_too_many": "the pushed content and themes hold too many files (the limit is {limit:,}). Not accepted.",
    "hook_check_timeout": "sitegen: the check ran past its limit ({seconds} s) and was stopped. Not accepted.",
    "hook_deploy_timeout": "sitegen: the deploy's build ran past its limit ({seconds} s) and was stopped. Check that"
    " no theme template loops without end (the operator may raise SITEGEN_DEPLOY_SECONDS).",
    "hook_deploy_failed": (
        "== Deploy failed: commit {commit} did not go live, and the site is unchanged ({time}). See the error above =="
    ),
    "hook_not_deployed": (
        "sitegen: the {branch} branch is not deployed (the deployed branch is {deployed}). It was not checked either."
    ),
    "theme_unsafe": (
        "{where}: error: a theme template tried to reach something it is not allowed to ({detail}). Templates can "
        "only show the content they are given. The previous output is unchanged."
    ),
    "hook_refused": (
        "sitegen: the push was not accepted because the content has errors. Fix the files and lines above, then "
        "push again."
    ),
    "cli_hook": "command called by the git server's hooks (not for direct use)",
    "internal_error": (
        "Internal sitegen error ({detail}). The content may not be at fault, so please tell the development team. "
        "Set SITEGEN_DEBUG=1 to see the details."
    ),
    # files
    "file_too_big": "a file of {size:,} bytes",
    "file_size_limit": "a text file of {limit:,} bytes or less",
    "file_unreadable": "a file that cannot be read ({reason})",
    "readable_file": "a file that can be read",
    "binary_file": "a file that is not text (a picture, an HWP document, etc.)",
    "utf8_text": "a text file saved as UTF-8",
    "looks_cp949": "seems to be saved as CP949 (EUC-KR) — save it again as UTF-8 in your editor",
    "not_utf8": "characters that are not UTF-8",
    "empty_file": "an empty file",
    "no_front_matter": "no '---' on the first line",
    "front_matter": "a header (YAML) that starts with a '---' line and ends with a '---' line",
    "front_matter_unclosed": "no '---' line closing the header",
    # YAML
    "yaml_valid": "valid YAML",
    "yaml_mapping": "YAML in the form 'field: value'",
    "theme_string": "a line of text (a string)",
    "theme_string_field": "placeholders of the form {{name}} only (no dots, brackets, empty {{}} or :format)",
    "theme_string_unfilled": "a placeholder {name} that the template does not fill",
    "theme_string_given": "only the placeholders the template gives: {given}",
    "yaml_tab": "a tab character — indent with spaces only",
    "yaml_colon": "a ':' that cannot go here — if a value has a ':' in it, put the value in quotes",
    "yaml_missing_colon": "the ':' of 'field: value' is missing, or a quote is not closed",
    "yaml_unclosed_quote": "a quote that is not closed",
    "yaml_undefined_alias": "an alias (*name) that is not defined",
    "yaml_indent": "indenting that does not line up",
    "yaml_many_documents": "several documents in one file, split by '---'",
    "yaml_duplicate_anchor": "two anchors (&name) with the same name",
    "yaml_flow_mapping": "a {{…}} group that is not closed, or a missing comma between items",
    "yaml_flow_sequence": "a […] list that is not closed, or a missing comma between items",
    "yaml_escape": (
        "a character that cannot follow \\ inside double quotes — to write \\ as it is, put the value in single "
        "quotes '…'"
    ),
    "yaml_bad_start": "a value starting with a character such as @, `, *, & — put the value in quotes",
    "yaml_other": "a YAML grammar mistake ({detail})",
    "yaml_too_large": "content that is nested too deep, or that aliases (*name) make far too large",
    "yaml_small": "YAML of ordinary size, with fewer aliases",
    "flow_comma": "a number cut at a comma inside {{ }}: '…,{key}'",
    "flow_comma_expected": 'numbers with commas put in quotes (e.g. {{amount: "4,182"}})',
    "key_not_scalar": "a field name that is a list or a group",
    "key_scalar": "a field name made of text",
    "duplicate_key": "the field '{key}' written twice",
    "unique_key": "each field once",
    "top_not_mapping": "{found}",
    # values
    "date_invalid": "not a date",
    "date_float": "a date read as a decimal number — put it in quotes so that 2025.10 does not become 2025.1",
    "date_needs_year": "a date without a year",
    "date_expected": "a date (e.g. 2025. 2. 16. / 2025. 2. / 2025)",
    "period_expected": "a period (e.g. 2025. 2. ~ 8.)",
    "period_reversed": "a period whose end ({end}) is before its start ({start})",
    "period_ordered": "a period that ends after it starts",
    "amount_invalid": "not a number",
    "amount_expected": "a number (e.g. 1,234,000 / 9.5 / △128 / -). Put the unit in the unit field",
    "count_invalid": "not a number of people",
    "count_expected": "a number of people (e.g. 6) or authorised (actual) staff (e.g. '21 (23)')",
    "percent_invalid": "not a percentage",
    "percent_expected": "a percentage (e.g. 10.5 or '10.5%')",
    # schema
    "missing": "a required field is missing",
    "missing_expected": "the '{field}' field",
    "unknown_key": "unknown field '{key}'",
    "text_after_comma": "'{key}' is not a field name but the rest of a text inside {{ }} cut at a comma",
    "quote_text_with_comma": "a text with a comma in quotes (for example what: '보도자료 배포(신문, 인터뷰 등)')",
    "unknown_key_expected": "one of: {allowed}",
    "did_you_mean": "did you mean '{suggestion}'?",
    "type_text": "text",
    "type_number": "a whole number (e.g. 3)",
    "type_decimal": "a number",
    "type_bool": "true or false",
    "type_list": "a list (lines starting with '- ')",
    "type_mapping": "a group of 'field: value' lines",
    "choice": "one of: {choices}",
    "at_least": "a value of {limit} or more",
    "more_than": "a value greater than {limit}",
    "at_most": "a value of {limit} or less",
    "not_empty": "a value that is not empty",
    "url_expected": "an address starting with http:// or https://",
    "base_url_expected": "an address or path ending in '/' (e.g. / or /plans/ or https://example.kr/plans/)",
    "slug_expected": "a name made of lowercase English letters, digits and hyphens (e.g. geumcheon)",
    "phone_expected": "a phone number (e.g. 871-3431, 02-2627-1234)",
    # references
    "unknown_reference": "no {kind} called '{ref}'",
    "one_of_known": "known {kind} names: {known}",
    "path_outside": "a path '{ref}' that points outside the content folder",
    "path_inside": "the path of a file inside the content folder",
    "file_missing": "no file called '{ref}'",
    "control_char": "an invisible control character (U+{code:04X})",
    "no_control_char": (
        "only letters, digits, spaces and line breaks (delete the control characters mixed into pasted text)"
    ),
    "not_regular_file": (
        "something that is not an ordinary file (a symbolic link, device or pipe). Its content was not read"
    ),
    "regular_file": "an ordinary file in the repository (put the file a link points to in the link's place)",
    "image_not_regular": "'{ref}' is not an ordinary file (a link, device, etc.)",
    "image_too_big": "'{ref}' is too big",
    "image_not_image": "'{ref}' is not a picture{kind}",
    "image_unsupported": " ({kind}: a format that PDFs and e-books cannot open)",
    "image_wrong_ending": "'{ref}' holds a {kind} picture, but the end of its file name (extension) does not match",
    "image_damaged": "'{ref}' is a {kind} picture that cannot be read to its end (damaged or cut short)",
    "image_svg_active": "a part of the SVG '{ref}' that runs code or loads outside files: {kind}",
    "image_expected": (
        "a PNG, JPEG, GIF or WebP picture, or an SVG without scripts, events or outside references, whose file "
        "name ends to match its content (.png, .jpg, .gif, .webp, .svg)"
    ),
    "existing_file": "a file that exists",
    "not_in_chapters": "programme '{slug}' not put in any chapter (chapters)",
    "in_chapters": "a programme put in the chapters list in plan.yaml",
    "listed_twice": "programme '{slug}' put in twice",
    "listed_once": "only once",
    "continues_later": "programme '{ref}' from a plan of the same or a later year",
    "continues_earlier": "a programme from an earlier year's plan",
    "no_councils": "no council folders",
    "council_folder": "content/councils/<name>/council.yaml",
    "duplicate_number": "two programmes with the same number {number}",
    "unique_number": "a different number for each programme",
    "year_mismatch": "year {year}, which differs from the folder name '{folder}'",
    "same_year": "the same year as the folder name",
    "shares_total": "shares adding up to {total}%",
    "shares_hundred": "shares adding up to 100%",
    "kind_team": "team",
    "kind_grade": "grade",
    "kind_group": "job group",
    "kind_source": "funding source",
    "kind_kind": "programme type",
    "kind_input": "measure",
    "kind_budget_row": "row of the budget table",
    "kind_programme": "programme",
    "none_defined": "(none defined)",
    "add_vocabulary": "if it is a new term, add it to vocabularies.{key} in site.yaml",
    "duplicate_id": "two items with the same id '{id}'",
    "unique_id": "a different id for each",
    "row_width": "{found} cells",
    "staff_grade_below": "the total of {grade}, {stated}, less than the rows giving grades have of it, {least}",
    "staff_grade_below_expected": (
        "a grade's total at least what the rows giving grades have of it"
        " (rows given in total only may add, not take away)"
    ),
    "staff_row_empty": "a row with neither counts by grade nor a total",
    "staff_row_expected": "counts by grade, a total, or both",
    "staff_current_partial": "the current headcount given for some grades only: {given}",
    "staff_current_expected": "every grade as authorized (current), or the current headcount in the total only",
    "row_width_expected": "{width} cells, as many as the column headings",
    "unit_unknown": "unknown unit '{unit}'",
    "unit_expected": "one of these units: {units}",
    "content_missing": "no content folder",
    "content_folder": "a content folder with site.yaml in it",
    "folder_name": "the name '{name}'",
    "reserved_name": "the name '{name}', which a plan's pages use",
    "other_name": "another file name (not {names})",
    "programme_file": "make the file programmes/{slug}.md",
    "kind_article": "article",
    "kind_section": "section",
    "article_twice": "article '{slug}' put in twice",
    "article_file": "make the file articles/{slug}.md",
    "article_not_listed": "article '{slug}' not put in articles in edition.yaml",
    "article_listed": "an article put in the articles list in edition.yaml",
    "no_plan_for_year": "a council with no plan for {year}",
    "include_needs_month": "a schedule included without a month (and the edition's date has no month either)",
    "include_month": "a month, like month: 3, or an edition date with a month",
    "plan_for_year": "a plan for the year the edition is published (or name the programme with programme)",
    "include_needs_programme": "no programme given for {kind}",
    "programme_ref": "<year folder>/<programme file name> (e.g. 2025/anniversary)",
    "news_reserved": "the name '{name}', which the council's newsletter address uses",
    "plan_folder_name": "another plan folder name (usually the year, e.g. 2025)",
    "site_reserved": "the name '{name}', which the site's pages use",
    "council_folder_name": "another council folder name (not {names})",
    "unknown_file": "an unknown file",
    "known_files": "{expected}",
    # figures
    "mismatch": "published figure {stated}, but it works out as {derived}",
    "mismatch_expected": (
        "figures that agree — if the original really says this, add {{figure: '{figure}', reason: '…'}} to as_published"
    ),
    "acknowledged": "figure kept as published {stated} (works out as {derived}): {reason}",
    "acknowledged_expected": "published as in the original",
    "rounded": (
        "published figure {stated} works out as {derived}, but agrees within the rounding of its parts (±{tolerance})"
    ),
    "rounded_expected": "published as is (the original computed it before rounding its amounts)",
    "check_rounded": "{count} figure(s) agree within rounding: list them with sitegen check --rounding",
    "ack_unused": "figure '{figure}' in as_published, but it agrees with the calculation or does not exist",
    "ack_used_only": "as_published only for published figures that differ from the calculation",
    "field_body": "body text",
    "link_refused": "a link address '{href}' that cannot be used",
    "link_expected": (
        "an http(s):// address or a path within the site — javascript:, data: and file: addresses are blocked to "
        "keep readers safe"
    ),
    "md_image_refused": "a picture '{href}' added with Markdown",
    "md_image_expected": (
        "pictures go in the images: field (with the file and alt text) — picture addresses in the body text are "
        "blocked because they do not appear on the website and would let the printed version read any file"
    ),
    "weights_total": "weights adding up to {total} ({each})",
    "weights_hundred": "the weights of the indicators under '{owner}' adding up to 100 (check the original's table)",
    "levels_top": "top levels: {found}",
    "levels_top_expected": "the top levels (for example '전략목표') under levels (not beside goals, its earlier name)",
    "levels_two_lists": "more than one list of levels under it ({keys})",
    "levels_one_list": "the levels under it in one list, children (unit_programmes, budget_programmes: earlier names)",
    "levels_both": "both levels and goals",
}
