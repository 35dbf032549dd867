/*
 * assets.c: the web app's one script and one style sheet, served from
 * memory at /static/app.js and /static/app.css (no CDN, no file read).
 *
 * Each is an array of pieces (NULL-ended): a C string literal may not be
 * longer than 4095 bytes.  The script sorts and filters tables, shows the trace of a clicked row,
 * and drives the editor: every change posts the edited form to
 * /api/rescore and shows what the library computed; it holds no scoring
 * rule.  Text from the server is put in with textContent, never as markup.
 */
#include "web.h"

const char *const web_app_css[] = {
	"body{font-family:'Noto Sans CJK SC','WenQuanYi Zen Hei','Microsoft YaHei',sans-serif;",
	"margin:0;color:#222;background:#fafafa}",
	"nav{background:#24476b;color:#fff;padding:.6em 1em}nav a{color:#fff;margin-left:1.2em}",
	"nav .who{float:right}nav .who form{display:inline;margin-left:.8em}",
	"main{padding:1em 1.5em;max-width:1200px}h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.5em}",
	"table.data{border-collapse:collapse;background:#fff;margin:.5em 0}",
	"table.data th,table.data td{border:1px solid #bbb;padding:.3em .5em;text-align:right}",
	"table.data td.l,table.data th{text-align:left}table.sortable th{cursor:pointer;user-select:none}",
	"table.sortable th.asc::after{content:' ▲'}table.sortable th.desc::after{content:' ▼'}",
	".note{color:#666;font-size:.9em}.error{color:#b00020}tr.bad td{background:#fdecea}",
	"tr.ok td{background:#eef7ee}.actions a{margin-right:.8em}",
	"pre.trace{background:#fff;border:1px solid #bbb;padding:.6em;white-space:pre-wrap}",
	"tr[data-trace]{cursor:pointer}tr[data-trace]:hover td{background:#eef3fa}",
	"tr.picked td{background:#e0ebf8}",
	"#editor input,#editor textarea{font:inherit;width:100%;box-sizing:border-box}",
	"#editor table{border-collapse:collapse;background:#fff}",
	"#editor td,#editor th{border:1px solid #bbb;padding:.2em .3em;vertical-align:top}",
	"#editor td.rescored{text-align:right;white-space:nowrap;min-width:4em}.rescored.changed{background:#fff3c4}",
	"#findings li.error{color:#b00020}#findings li.warning{color:#8a5a00}",
	"button{font:inherit;padding:.3em 1.2em}ul.changes del{color:#b00020}ul.changes ins{color:#06702b}",
	"ul.grades li{display:inline-block;margin-right:1.5em}",
	NULL,
};

const char *const web_app_js[] = {
	"'use strict';\n",
	"const csrf=()=>document.querySelector('meta[name=csrf]').content;\n",
	/* tables: sort by a header, filter by typing */
	"function sortable(t){t.querySelectorAll('th').forEach((th,i)=>th.addEventListener('click',()=>{\n",
	" const asc=!th.classList.contains('asc');t.querySelectorAll('th').forEach(h=>h.classList.remove('asc','desc'));\n",
	" th.classList.add(asc?'asc':'desc');const rows=[...t.tBodies[0].rows];\n",
	" const key=r=>{const s=r.cells[i].textContent.replace(/[,%]/g,'').trim();const n=parseFloat(s);\n",
	"  return isNaN(n)||!/^-?[0-9.]+$/.test(s)?s:n;};\n",
	" rows.sort((a,b)=>{const x=key(a),y=key(b);const c=typeof x===typeof y?(x<y?-1:x>y?1:0):(typeof x==='number'?-1:1);return asc?c:-c;});\n",
	" rows.forEach(r=>t.tBodies[0].appendChild(r));}));}\n",
	"function filter(input,t){const shown=document.getElementById('shown');const run=()=>{const q=input.value.trim().toLowerCase();let n=0;\n",
	" [...t.tBodies[0].rows].forEach(r=>{const on=!q||r.textContent.toLowerCase().includes(q);r.hidden=!on;n+=on;});\n",
	" if(shown)shown.textContent=n+' / '+t.tBodies[0].rows.length+' 张';};input.addEventListener('input',run);run();}\n",
	/* the form page: a row's trace */
	"function traces(){document.querySelectorAll('tr[data-trace]').forEach(tr=>tr.addEventListener('click',()=>{\n",
	" document.querySelectorAll('pre.trace').forEach(p=>p.hidden=true);document.querySelectorAll('tr.picked').forEach(p=>p.classList.remove('picked'));\n",
	" const p=document.getElementById('trace-'+tr.dataset.trace);if(p){p.hidden=false;tr.classList.add('picked');p.scrollIntoView({block:'nearest'});}}));}\n",
	/* the editor */
	"function el(tag,attrs,text){const e=document.createElement(tag);for(const k in attrs||{})e.setAttribute(k,attrs[k]);if(text!==undefined&&text!==null)e.textContent=String(text);return e;}\n",
	"const str=v=>v===null||v===undefined?'':String(v);\n",
	"function editor(box){const form=JSON.parse(document.getElementById('form-data').textContent);const id=box.dataset.id;\n",
	" let last=null,timer=null;\n",
	" const input=(obj,key,label,wide)=>{const i=wide?el('textarea',{rows:2,'aria-label':label}):el('input',{'aria-label':label});i.value=str(obj[key]);\n",
	"  i.addEventListener('input',()=>{obj[key]=i.value;schedule();});return i;};\n",
	" const head=el('table');const hr=(label,obj,key,wide)=>{const tr=el('tr');tr.append(el('th',{},label));const td=el('td');td.append(input(obj,key,label,wide));tr.append(td);head.append(tr);};\n",
	" hr('项目名称',form,'project');hr('年度',form,'year');hr('主管部门',form,'department');hr('实施单位',form,'implementer');\n",
	" const total=form.funds&&form.funds.total?form.funds.total:(form.funds=form.funds||{},form.funds.total={});\n",
	" form.execution=form.execution||{};form.goal=form.goal||{};form.total=form.total||{};\n",
	" hr('全年预算数（万元）',total,'budget');hr('全年执行数（万元）',total,'executed');\n",
	" hr('申报执行率（小数，如 0.9903）',total,'declared_rate');hr('预算执行分值',form.execution,'weight');hr('预算执行申报得分',form.execution,'declared_score');\n",
	" hr('预期目标',form.goal,'expected',true);hr('实际完成情况',form.goal,'actual',true);\n",
	" const execRe=el('td',{class:'rescored',id:'re-exec'});const trE=el('tr',{'data-trace':'exec'});trE.append(el('th',{},'预算执行复核得分'),execRe);head.append(trE);\n",
	" box.append(head);\n",
	" const t=el('table',{id:'indicators'});const h=el('tr');['一级指标','二级指标','三级指标','年度指标值','实际完成值','分值','申报得分','复核得分','偏差原因分析及改进措施'].forEach(x=>h.append(el('th',{},x)));t.append(h);\n",
	" (form.indicators||[]).forEach((ind,i)=>{const tr=el('tr',{'data-trace':'ind-'+i,'data-name':str(ind.name)});\n",
	"  for(const k of ['level1','level2']){const td=el('td');td.append(input(ind,k,k==='level1'?'一级指标':'二级指标'));tr.append(td);}\n",
	"  for(const k of ['name','target','actual','weight','declared_score']){const td=el('td');td.append(input(ind,k,k==='actual'?'实际完成值：'+str(ind.name):k));tr.append(td);}\n",
	"  tr.append(el('td',{class:'rescored','data-re':i},ind.score));const td=el('td');td.append(input(ind,'reason','偏差原因：'+str(ind.name),true));tr.append(td);t.append(tr);});\n",
	" box.append(el('h2',{},'绩效指标'),t);\n",
	" const tt=el('table');const tr2=el('tr',{'data-trace':'total'});tr2.append(el('th',{},'总分 申报'));const tdd=el('td');tdd.append(input(form.total,'declared','申报总分'));\n",
	" tr2.append(tdd,el('th',{},'复核'),el('td',{class:'rescored',id:'re-total'},form.total.score),el('th',{},'等级'),el('td',{class:'rescored',id:'re-grade'},form.total.grade));tt.append(tr2);box.append(el('h2',{},'总分'),tt);\n",
	" const trace=el('pre',{class:'trace',id:'edit-trace',hidden:''});box.append(el('h2',{},'计算过程'),el('p',{class:'note'},'点击一行显示它的复核计算过程。'),trace);\n",
	" const fl=el('ul',{id:'findings'});box.append(el('h2',{},'审核发现'),fl);\n",
	" const status=el('p',{id:'status',class:'note'});const save=el('button',{id:'save',type:'button'},'保存');box.append(save,status);\n",
	" box.addEventListener('click',e=>{const tr=e.target.closest('tr[data-trace]');if(!tr||!last||e.target.matches('input,textarea'))return;\n",
	"  const k=tr.dataset.trace;const i=k==='exec'?0:k==='total'?-1:1+parseInt(k.slice(4),10);trace.hidden=false;trace.textContent=i<0?('总分 '+str(last.form.total.sum)+' → '+str(last.form.total.score)):(last.traces[i]||'');});\n",
	" function show(r){last=r;const set=(e,v)=>{if(!e)return;const s=str(v);if(e.textContent!==s){e.textContent=s;e.classList.add('changed');}};\n",
	"  set(document.getElementById('re-exec'),r.form.execution.score);set(document.getElementById('re-total'),r.form.total.score);set(document.getElementById('re-grade'),r.form.total.grade);\n",
	"  (r.form.indicators||[]).forEach((ind,i)=>set(box.querySelector('[data-re=\"'+i+'\"]'),ind.score));\n",
	"  fl.textContent='';(r.findings||[]).forEach(f=>fl.append(el('li',{class:f.severity},f.severity+'：'+f.message+' ['+f.id+']')));\n",
	"  status.textContent='已按评分规则复核（'+str(r.form.profile)+'）';}\n",
	" async function rescore(){status.textContent='复核中…';const res=await fetch('/api/rescore',{method:'POST',headers:{'Content-Type':'application/json','X-CSRF-Token':csrf()},body:JSON.stringify(form)});\n",
	"  const r=await res.json();if(!res.ok){status.textContent='无法复核：'+(r.error||res.status);fl.textContent='';(r.findings||[]).forEach(f=>fl.append(el('li',{class:f.severity},f.message)));return;}show(r);}\n",
	" function schedule(){clearTimeout(timer);timer=setTimeout(rescore,250);}\n",
	" save.addEventListener('click',async()=>{status.textContent='保存中…';const res=await fetch(id==='0'?'/api/save':'/api/forms/'+id+'/save?version='+box.dataset.version,{method:'POST',headers:{'Content-Type':'application/json','X-CSRF-Token':csrf()},body:JSON.stringify(form)});\n",
	"  const r=await res.json();if(r.saved){location.href='/forms/'+r.id+'/history';}else{status.textContent='未保存：'+(r.result?r.result.reason:r.error);}});\n",
	/* a new form is rescored once something is typed: before, it has no
	 * project name, and the reader's complaint would greet the clerk */
	" if(id==='0'){status.textContent='填写后自动复核';}else{rescore();}}\n",
	"document.addEventListener('DOMContentLoaded',()=>{\n",
	" document.querySelectorAll('table.sortable').forEach(sortable);\n",
	" const f=document.getElementById('filter'),t=document.getElementById('forms');if(f&&t)filter(f,t);\n",
	" traces();const ed=document.getElementById('editor');if(ed)editor(ed);});\n",
	NULL,
};
