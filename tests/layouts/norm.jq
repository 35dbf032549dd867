# What must not depend on the layout: the forms without their provenance
# (file, line, layout) and the findings without line and cell numbers.
{forms: [.forms[] | walk(if type == "object" then del(.file, .line, .layout) else . end)],
 findings: ([.findings[] | {id, severity, project,
   message: (.message | gsub("第 [0-9]+ 行"; "第 N 行") | gsub("第 [0-9]+ 格"; "第 N 格"))}] | sort)}
