# moves.jq: what a profile change moved, as one line per number.
#   jq -rn --slurpfile a BASE.json --slurpfile b CHANGED.json -f moves.jq
# BASE and CHANGED are `jixiao check --format json` of the same input under
# two profiles.  Lines: scores (execution, indicators, total), grades, and
# findings that appear (+) or disappear (-), by id, severity and line.
def s: if . == null then "—" else tostring end;
($a[0].forms) as $fa | ($b[0].forms) as $fb |
(range(0; $fa | length) as $i |
  ($fa[$i]) as $x | ($fb[$i]) as $y |
  (if $x.execution.score != $y.execution.score then
     "\($x.project)：预算执行 \($x.execution.score | s) → \($y.execution.score | s)" else empty end),
  (range(0; $x.indicators | length) as $j |
     ($x.indicators[$j]) as $p | ($y.indicators[$j]) as $q |
     if $p.score != $q.score or $p.method != $q.method then
       "\($x.project)：第 \($p.line) 行 \($p.name) \($p.score | s)（\($p.method)） → \($q.score | s)（\($q.method)）"
     else empty end),
  (if $x.total.score != $y.total.score then
     "\($x.project)：总分 \($x.total.score | s) → \($y.total.score | s)\(if $y.total.capped then "（封顶，合计 \($y.total.sum)）" else "" end)" else empty end),
  (if $x.total.grade != $y.total.grade then
     "\($x.project)：等级 \($x.total.grade) → \($y.total.grade)" else empty end)),
(def key: "\(.project) 第 \(.line) 行 [\(.id)] \(.severity)";
 ([$a[0].findings[] | key]) as $ka | ([$b[0].findings[] | key]) as $kb |
 (($ka - $kb)[] | "- " + .), (($kb - $ka)[] | "+ " + .))
