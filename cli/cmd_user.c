/*
 * cmd_user.c: `jixiao user add|list|disable|enable|passwd` — the accounts
 * of a bureau's server (jixiao.h, "accounts"), kept in the database.  A
 * password is read from the terminal without echo (twice), or else as the
 * first line of standard input, never from the command line (where `ps`
 * and the shell's history would show it).  Every change is written to
 * the audit log as done by "(命令行)".
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static void help(void)
{
	printf("用法: jixiao user add 账号 --role 角色 --name 姓名 [--unit 单位]... [--department 主管部门]... [--db 路径]\n"
	       "      jixiao user list [--format text|json] [--db 路径]\n"
	       "      jixiao user disable|enable 账号 [--db 路径]\n"
	       "      jixiao user passwd 账号 [--db 路径]\n"
	       "\n"
	       "管理网页版（jixiao serve）的账号。数据库里有了账号，网页版就要求登录，\n"
	       "每个账号只看到、只能改动它范围内的自评表。角色：\n"
	       "  clerk 或 单位经办           填报并送审所属单位（--unit，可多个）的表\n"
	       "  unit-head 或 单位负责人     单位内部的第二道审核（--unit）\n"
	       "  department 或 主管部门审核  审核所属主管部门（--department）下各单位的表\n"
	       "  finance 或 财政审核         审核、抽查、公开全部的表\n"
	       "  admin 或 管理员             管理账号、单位和任务，看到全部的表\n"
	       "\n"
	       "密码（至少 %d 个字符）在终端上输入两次（不回显）；不在终端时读标准输入的第一行，\n"
	       "如 printf '%%s\\n' \"$PW\" | jixiao user add …。停用账号或改密码会结束它已登录的会话。\n"
	       "\n"
	       "选项:\n" CLI_DB_HELP,
	       JX_PASSWORD_MIN);
}

/* One line of standard input, without its newline; false at EOF. */
static bool read_line(char *buf, size_t cap)
{
	if (!fgets(buf, (int)cap, stdin))
		return false;
	size_t n = strlen(buf);
	if (n && buf[n - 1] == '\n')
		buf[--n] = '\0';
	if (n && buf[n - 1] == '\r')
		buf[--n] = '\0';
	return true;
}

static bool prompt(const char *what, char *buf, size_t cap)
{
	struct termios old, quiet;
	fprintf(stderr, "%s", what);
	fflush(stderr);
	bool tty = tcgetattr(STDIN_FILENO, &old) == 0;
	if (tty) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	bool ok = read_line(buf, cap);
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
	return ok;
}

/* The new password into buf: typed twice on a terminal, else stdin's first line. */
static bool read_password(char *buf, size_t cap)
{
	if (!isatty(STDIN_FILENO)) {
		if (read_line(buf, cap))
			return true;
		fprintf(stderr, "jixiao user: error: 标准输入没有密码（第一行即密码）\n");
		return false;
	}
	char again[1100];
	if (!prompt("新密码：", buf, cap) || !prompt("再输入一次：", again, sizeof again))
		return false;
	bool same = strcmp(buf, again) == 0;
	memset(again, 0, sizeof again);
	if (!same)
		fprintf(stderr, "jixiao user: error: 两次输入的密码不一致，未作改动\n");
	return same;
}

static void log_action(struct jx_store *st, const char *action, const char *detail)
{
	struct jx_log_entry e = {
		.login = "(命令行)", .role = "admin", .address = "local", .action = action, .detail = detail,
	};
	if (jx_log_append(st, &e) != JX_OK)
		fprintf(stderr, "jixiao user: warning: 未能写入审计日志：%s\n", jx_store_error(st));
}

struct listing {
	bool json;
	unsigned long n;
	struct jx_buf b;
};

static int list_one(const struct jx_account *a, void *ud)
{
	struct listing *l = ud;
	if (l->json) {
		struct jx_buf *b = &l->b;
		jx_buf_reset(b);
		jx_buf_puts(b, l->n ? ",\n{\"login\":" : "\n{\"login\":");
		jx_render_json_string(b, a->login);
		jx_buf_puts(b, ",\"name\":");
		jx_render_json_string(b, a->name);
		jx_buf_printf(b, ",\"role\":\"%s\",\"disabled\":%s,\"created\":", jx_role_id(a->role),
			      a->disabled ? "true" : "false");
		jx_render_json_string(b, a->created);
		jx_buf_puts(b, ",\"scope\":[");
		for (size_t i = 0; i < a->nscope; i++) {
			if (i)
				jx_buf_puts(b, ",");
			jx_render_json_string(b, a->scope[i]);
		}
		jx_buf_puts(b, "]}");
		fwrite(b->p, 1, b->n, stdout);
	} else {
		printf("%s  %s  %s%s", a->login, a->name, jx_role_label(a->role), a->disabled ? "（已停用）" : "");
		for (size_t i = 0; i < a->nscope; i++)
			printf("%s%s", i ? "、" : "  ", a->scope[i]);
		putchar('\n');
	}
	l->n++;
	return 0;
}

static int do_list(struct jx_store *st, const char *db, bool json)
{
	struct listing l = {.json = json};
	jx_buf_init(&l.b, 0);
	if (json)
		fputs("{\"accounts\":[", stdout);
	else
		cli_text_output();
	enum jx_status s = jx_account_list(st, NULL, list_one, &l);
	if (json)
		fputs("\n]}\n", stdout);
	else if (s == JX_OK)
		printf("\n%lu 个账号\n", l.n);
	jx_buf_release(&l.b);
	if (s != JX_OK) {
		fprintf(stderr, "%s: error: %s\n", cli_db_path(db), jx_store_error(st));
		return EXIT_USAGE;
	}
	return EXIT_CLEAN;
}

/* Whether a unit (or 主管部门) name is known: in the registry, or on a
 * stored form (matched as written; the store matches normalised). */
struct known {
	const char *name;
	bool department, found;
};

static int known_unit(const struct jx_unit *u, void *ud)
{
	struct known *k = ud;
	if (!strcmp(k->department ? u->department : u->name, k->name))
		k->found = true;
	return k->found;
}

static int known_form(const struct jx_store_form *f, void *ud)
{
	struct known *k = ud;
	if (!strcmp(k->department ? f->department : f->s.implementer, k->name))
		k->found = true;
	return k->found;
}

/* A scope name nobody knows gives an account that sees nothing: said, not refused
 * (the registry may be imported after the accounts). */
static void warn_unknown(struct jx_store *st, const char *const *names, size_t n, bool department)
{
	for (size_t i = 0; i < n; i++) {
		struct known k = {names[i], department, false};
		jx_unit_list(st, known_unit, &k);
		struct jx_store_query q = {.unit = department ? NULL : names[i]};
		if (!k.found)
			jx_store_list(st, &q, known_form, &k);
		if (!k.found)
			fprintf(stderr, "jixiao user: warning: %s「%s」不在单位名册上，也没有这个%s的表："
					"在有这个%s的表或名册之前，账号看不到任何表（请核对名称）\n",
				department ? "主管部门" : "单位", names[i], department ? "主管部门" : "单位",
				department ? "主管部门" : "单位");
	}
}

/* A result of the library: 0, or the error printed and EXIT_USAGE. */
static int done(struct jx_store *st, const char *db, enum jx_status s)
{
	if (s == JX_OK)
		return EXIT_CLEAN;
	fprintf(stderr, "%s: error: %s\n", cli_db_path(db), jx_store_error(st));
	return EXIT_USAGE;
}

int cmd_user(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},     {"role", required_argument, NULL, 'r'},
		{"name", required_argument, NULL, 'n'},   {"unit", required_argument, NULL, 'u'},
		{"department", required_argument, NULL, 'D'}, {"format", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0},
	};
	const char *db = NULL, *role = NULL, *name = NULL;
	const char **scope = cli_xrealloc(NULL, (size_t)argc * sizeof *scope);
	size_t nunits = 0, ndepts = 0;
	bool json = false;
	int c, rc = EXIT_CLEAN;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":d:r:n:u:D:f:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'r': role = optarg; break;
		case 'n': name = optarg; break;
		case 'u': scope[nunits++ + ndepts] = optarg; break;
		case 'D': scope[nunits + ndepts++] = optarg; break;
		case 'f':
			if (!strcmp(optarg, "json"))
				json = true;
			else if (strcmp(optarg, "text"))
				rc = cli_usage_error("user", "未知格式「%s」，应为 text 或 json", optarg);
			break;
		case 'h': help(); free(scope); return EXIT_CLEAN;
		default: rc = cli_option_error("user", c, argv);
		}
	}
	const char *verb = optind < argc ? argv[optind] : NULL;
	const char *login = optind + 1 < argc ? argv[optind + 1] : NULL;
	bool needs_login = verb && strcmp(verb, "list");
	if (rc == EXIT_CLEAN && !verb)
		rc = cli_usage_error("user", "缺少子命令：add、list、disable、enable 或 passwd");
	else if (rc == EXIT_CLEAN && strcmp(verb, "add") && strcmp(verb, "list") && strcmp(verb, "disable") &&
		 strcmp(verb, "enable") && strcmp(verb, "passwd"))
		rc = cli_usage_error("user", "未知子命令「%s」：应为 add、list、disable、enable 或 passwd", verb);
	else if (rc == EXIT_CLEAN && needs_login && !login)
		rc = cli_usage_error("user", "缺少账号：jixiao user %s 账号", verb);
	else if (rc == EXIT_CLEAN && optind + (needs_login ? 2 : 1) < argc)
		rc = cli_usage_error("user", "多余的参数「%s」", argv[optind + (needs_login ? 2 : 1)]);
	enum jx_role r = JX_ROLE_CLERK;
	if (rc == EXIT_CLEAN && !strcmp(verb, "add")) {
		if (!role)
			rc = cli_usage_error("user", "user add 须指定 --role（clerk、unit-head、department、finance 或 admin）");
		else if (!jx_role_from_name(role, &r))
			rc = cli_usage_error("user", "未知角色「%s」：应为 clerk、unit-head、department、finance 或 admin", role);
		else if (!name)
			rc = cli_usage_error("user", "user add 须指定 --name（显示的姓名）");
		else if (r == JX_ROLE_DEPARTMENT ? nunits > 0 : ndepts > 0)
			rc = cli_usage_error("user", "%s用 %s 指定范围", jx_role_label(r),
					     r == JX_ROLE_DEPARTMENT ? "--department" : "--unit");
	}
	struct jx_store *st = NULL;
	if (rc != EXIT_CLEAN || !(st = cli_store_open(db, strcmp(verb, "add") ? JX_STORE_READ : JX_STORE_CREATE))) {
		free(scope);
		return rc != EXIT_CLEAN ? rc : EXIT_USAGE;
	}
	char pw[1100] = "";
	char detail[512];
	if (!strcmp(verb, "list")) {
		rc = do_list(st, db, json);
	} else if (!strcmp(verb, "add") || !strcmp(verb, "passwd")) {
		if (!read_password(pw, sizeof pw)) {
			rc = EXIT_USAGE;
		} else if (!strcmp(verb, "add")) {
			struct jx_account a = {.login = login, .name = name, .role = r, .scope = scope,
					       .nscope = nunits + ndepts};
			rc = done(st, db, jx_account_add(st, &a, pw));
			if (rc == EXIT_CLEAN)
				warn_unknown(st, scope, nunits + ndepts, r == JX_ROLE_DEPARTMENT);
			snprintf(detail, sizeof detail, "添加账号 %.*s（%.*s，%s）", jx_text_prefix(login, 63), login,
				 jx_text_prefix(name, 127), name, jx_role_label(r));
		} else {
			rc = done(st, db, jx_account_set_password(st, login, pw));
			snprintf(detail, sizeof detail, "修改账号 %s 的密码", login);
		}
	} else {
		bool off = !strcmp(verb, "disable");
		rc = done(st, db, jx_account_set_disabled(st, login, off));
		snprintf(detail, sizeof detail, "%s账号 %s", off ? "停用" : "启用", login);
	}
	memset(pw, 0, sizeof pw);
	if (rc == EXIT_CLEAN && strcmp(verb, "list")) {
		char action[32];
		snprintf(action, sizeof action, "user-%s", verb);
		log_action(st, action, detail);
		fprintf(stderr, "%s\n", detail);
	}
	jx_store_close(st);
	free(scope);
	return rc;
}
