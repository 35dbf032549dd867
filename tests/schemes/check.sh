# tests/schemes/check.sh: each scoring scheme (profiles/national.ini,
# [scheme NAME]) on forms of our own in its template's shape.  NAME.txt has
# its scores computed by hand in NAME.expect: template, scheme, execution,
# every indicator's score and method, total, grade, and the warnings and
# errors it must raise (none for a clean form).  NAME-errors.txt plants
# errors; its .expect lists each finding id at the line it must name, and
# nothing else may be reported above info.  A form may be NAME.json instead
# (check's own JSON naming its template: the Sichuan department form, whose
# tab layout the standard reader reads, given as read by sichuan-dept).
# Sourced by tests/run.sh (JX, T, pass, failed).
S=tests/schemes
project='[.forms[] | {template: .template.name, scheme, execution: {weight: .execution.weight,
	score: .execution.score}, indicators: [.indicators[] | [.name, .score, .method]],
	total: {score: .total.score, grade: .total.grade}}]'
for want in "$S"/*.expect; do
	name=$(basename "$want" .expect)
	in="$S/$name.txt"
	[ -f "$in" ] || in="$S/$name.json"
	"$JX" check --format json "$in" >"$T/scheme.json" 2>/dev/null
	jq -S "{forms: $project, findings: ([.findings[] | select(.severity != \"info\") | [.id, .line]] | sort)}" \
		"$T/scheme.json" >"$T/scheme.got" 2>/dev/null
	jq -S '.findings |= sort' "$want" >"$T/scheme.want"
	if cmp -s "$T/scheme.got" "$T/scheme.want"; then
		pass=$((pass + 1))
	else
		failed "schemes: $name: $(diff "$T/scheme.want" "$T/scheme.got" | grep '^[<>]' | head -n 6 | tr '\n' ' ')"
	fi
done
# every shipped template names a scheme the national profile defines
"$JX" templates >"$T/tpls" 2>&1
while read -r tpl scheme _; do
	case "$scheme" in national | "") continue ;; esac
	if "$JX" profile show national | grep -q "^\[scheme $scheme\]"; then
		pass=$((pass + 1))
	else
		failed "schemes: template $tpl names scheme $scheme, which national does not define"
	fi
done <"$T/tpls"
# a provincial profile overrides a scheme's numbers key by key
printf 'extends = national\nname = scheme-test\n[scheme yunnan-20-80]\nexecution = 30\nindicators = 70\n' >"$T/p.ini"
got=$("$JX" check --format json --profile "$T/p.ini" "$S/yunnan.txt" 2>/dev/null |
	jq -c '[.forms[0].execution.weight, .forms[0].execution.score]')
if [ "$got" = "[20,19]" ]; then pass=$((pass + 1)); else failed "schemes: a printed 分值 (20) wins over the profile's: got $got"; fi
sed 's/预算执行情况(万元) (20分)/预算执行情况(万元)/; s/得分 (20分\*执行率)/得分/' "$S/yunnan.txt" >"$T/y.txt"
got=$("$JX" check --format json --profile "$T/p.ini" "$T/y.txt" 2>/dev/null |
	jq -c '[.forms[0].scheme, .forms[0].execution.weight, .forms[0].execution.score]')
if [ "$got" = '["yunnan-20-80",null,28.5]' ]; then pass=$((pass + 1)); else failed "schemes: the profile's execution = 30 scores 30 × 95%: got $got"; fi
# the infos a scheme without 分值 adds, at their lines
got=$("$JX" check --format json "$S/sichuan-regional-errors.json" 2>/dev/null |
	jq -c '[.findings[] | select(.severity == "info") | [.id, .line]]')
if [ "$got" = '[["score-spread",11]]' ]; then pass=$((pass + 1)); else failed "schemes: score-spread at line 11: got $got"; fi
# a completion form has no total by design: no 「无法评分」 error, 「不计分」 in the JSON's reason
got=$("$JX" check --format json "$S/completion.txt" 2>/dev/null | jq -r '.forms[0].total.unscorable')
case "$got" in 本表样不计分*) pass=$((pass + 1)) ;; *) failed "schemes: completion's reason: $got" ;; esac
# explain traces each score through its scheme's formula
"$JX" explain "$S/hebei-errors.txt" >"$T/ex.txt" 2>/dev/null
if grep -q '折算得分 = 单项指标得分 × 权重占比 = 94.74 × 30% = 28.42' "$T/ex.txt"; then pass=$((pass + 1)); else failed "schemes: explain of a Hebei row names 单项指标得分 × 权重占比"; fi
"$JX" explain "$S/yunnan.txt" >"$T/ex.txt" 2>/dev/null
if grep -q '得分按申报 30（不复核）' "$T/ex.txt" && grep -q '= 20 × 95.0000% = 19' "$T/ex.txt"; then pass=$((pass + 1)); else failed "schemes: explain of a Yunnan form: 20 × 执行率 and declared scores"; fi
# an ordinary form whose words look like the new checks' but are not their
# cases (总投资 beside 本年安排资金, 较2023年, 确保…执行准确 as a goal, 良好,
# 事故数量 ≤0起, 0 / 0 / 0%, 10 = 5 + 5 with 分值 printed): only all-full-marks
got=$("$JX" check --format json "$S/ordinary.txt" 2>/dev/null | jq -c '[.findings[] | .id]')
if [ "$got" = '["all-full-marks"]' ]; then pass=$((pass + 1)); else failed "schemes: ordinary.txt: got $got"; fi
# each form read back from check's JSON scores and reports the same (splits,
# management, absent columns, repeated 其中 scores and the scheme survive;
# the JSON gives no line for fund rows, the goal and 总分, so their findings
# come back at the form's line: ids are compared, not lines)
for f in "$S"/*.txt "$S"/*.json; do
	"$JX" check --format json "$f" >"$T/rt1.json" 2>/dev/null
	"$JX" check --format json "$T/rt1.json" >"$T/rt2.json" 2>/dev/null
	q="{forms: $project, findings: ([.findings[] | select(.severity != \"info\") | .id] | sort)}"
	if [ "$(jq -cS "$q" "$T/rt1.json")" = "$(jq -cS "$q" "$T/rt2.json")" ]; then
		pass=$((pass + 1))
	else
		failed "schemes: $(basename "$f") read back from its JSON differs"
	fi
done
# a goal of 1.6 MB of amounts and a 300 KB cell of 好: the text checks stay
# linear (within 20 CPU seconds; 120 under the sanitizers)
python3 -c "
s = '项目支出绩效自评表\n(2024年度)\n项目名称\t长文本\n项目资金（万元）\t\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n'
s += '\t\t年度资金总额\t1\t1\t1\t10\t100%\t10\n年度总体目标\t预期目标\t\t\t\t实际完成情况\n\t'
s += '1元2万元' * 200000 + '\t' + '好' * 100000 + '\n'
open('$T/long.txt', 'w').write(s)"
cpu=20
[ -n "${JX_SANITIZED:-}" ] && cpu=120
(ulimit -t "$cpu" && exec "$JX" check "$T/long.txt" >/dev/null 2>&1)
rc=$?
if [ "$rc" -le 2 ]; then pass=$((pass + 1)); else failed "schemes: a long goal text: exit $rc (killed: CPU bound passed?)"; fi
