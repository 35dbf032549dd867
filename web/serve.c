/*
 * serve.c: `jixiao serve` — the local web app (web.h): review, upload,
 * fill in and rescore forms in the browser, on the same database as the
 * command line (SQLite in WAL mode: the CLI may import while it serves).
 *
 * It listens on loopback (127.0.0.1:8080) unless told otherwise, and
 * refuses to listen anywhere else without --token: a form database is not
 * for the whole office network to read.
 */
#include "web.h"

#include <arpa/inet.h>
#include <getopt.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/random.h>

const struct jx_profile *web_profile; /* the rules of rescoring, uploads and saves */

void *web_start(struct web *w, const struct sockaddr_in *addr, unsigned threads, char *err,
		size_t errlen);
void web_stop(void *daemon);

static void help(void)
{
	printf("用法: jixiao serve [--db 路径] [--listen 地址:端口] [--token 令牌] [--profile 规则]\n"
	       "                    [--max-upload MB] [--threads N] [--secure-cookie] [--trusted-proxy 地址]\n"
	       "                    [--sso-header 请求头]\n"
	       "\n"
	       "在浏览器中查看、上传、填报和复核自评表（总览、项目列表、表单、编辑、历史、上传、下载），\n"
	       "与命令行共用同一个数据库。按 Ctrl+C 停止。\n"
	       "\n"
	       "选项:\n" CLI_DB_HELP
	       "  --listen 地址:端口  监听的 IPv4 地址和端口（默认 127.0.0.1:8080，只允许本机访问）；\n"
	       "                  其他地址（如 0.0.0.0）必须同时给出 --token\n"
	       "  --token 令牌    访问令牌（至少 16 个字符，8 种以上不同字符）：每个请求都须带上（首次用 ?token=令牌 打开，\n"
	       "                  之后由 Cookie 携带；脚本可用 Authorization: Bearer 令牌）\n"
	       "  --profile 规则  复核、上传和保存所用的评分规则（默认 national）\n"
	       "  --max-upload MB 一次请求（上传）最大字节数，默认 20 MB\n"
	       "  --threads N     处理请求的线程数，默认 8\n"
	       "  --secure-cookie 登录会话的 Cookie 只经 HTTPS 发送（在 TLS 反向代理之后用）\n"
	       "  --trusted-proxy 地址  来自这个地址（反向代理）的请求，客户地址取 X-Forwarded-For 的最后一项\n"
	       "                  （审计日志和登录限速按它计）\n"
	       "  --sso-header 名称  单点登录：代理在这个请求头里给出已登录的账号（如 X-Remote-User），\n"
	       "                  只认 --trusted-proxy 发来的；默认不用\n"
	       "\n"
	       "数据库里有账号（jixiao user add）时，每个请求都要先登录，每个账号只看到、只能改动\n"
	       "它范围内的表，每次登录、上传、保存都记入审计日志（/log）；这时也可以在非本机地址上\n"
	       "监听（应放在 TLS 反向代理之后，见 README「财政局的服务器」）。\n");
}

static bool loopback(struct in_addr a)
{
	return (ntohl(a.s_addr) >> 24) == 127;
}

/* "127.0.0.1:8080" or "localhost:8080" into addr; false when malformed. */
static bool parse_listen(const char *s, struct sockaddr_in *addr)
{
	const char *colon = strrchr(s, ':');
	if (!colon || colon == s || colon - s > 63)
		return false;
	char host[64];
	memcpy(host, s, (size_t)(colon - s));
	host[colon - s] = '\0';
	char *end;
	long port = strtol(colon + 1, &end, 10);
	if (*end || port < 1 || port > 65535)
		return false;
	memset(addr, 0, sizeof *addr);
	addr->sin_family = AF_INET;
	addr->sin_port = htons((unsigned short)port);
	if (!strcmp(host, "localhost"))
		snprintf(host, sizeof host, "127.0.0.1");
	return inet_pton(AF_INET, host, &addr->sin_addr) == 1;
}

static bool make_secret(char out[65])
{
	unsigned char r[32];
	if (getrandom(r, sizeof r, 0) != (ssize_t)sizeof r)
		return false;
	for (size_t i = 0; i < sizeof r; i++)
		snprintf(out + 2 * i, 3, "%02x", r[i]);
	return true;
}

/* How many different bytes s has: 「aaaaaaaaaaaaaaaa」 has one.  The rule
 * refuses the tokens people type, not the ones they generate: 32 random hex
 * digits (openssl rand -hex 16) have fewer than 8 different ones with a
 * chance below 1 in 10^9 (16 hex digits: about 1 in 100, then generate again). */
static unsigned distinct_bytes(const char *s)
{
	bool seen[256] = {false};
	unsigned n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (!seen[*p]) {
			seen[*p] = true;
			n++;
		}
	return n;
}

/* The database at path holds accounts: every request then needs a login. */
static bool has_accounts(const char *path)
{
	struct jx_store *st;
	char err[512];
	bool any = false;
	if (jx_store_open(path, JX_STORE_READ, &st, err, sizeof err) != JX_OK)
		return false;
	if (jx_account_any(st, &any) != JX_OK)
		any = false;
	jx_store_close(st);
	return any;
}

int cmd_serve(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},       {"listen", required_argument, NULL, 'l'},
		{"token", required_argument, NULL, 't'},    {"profile", required_argument, NULL, 'P'},
		{"max-upload", required_argument, NULL, 'm'}, {"threads", required_argument, NULL, 'n'},
		{"secure-cookie", no_argument, NULL, 'S'},  {"trusted-proxy", required_argument, NULL, 'X'},
		{"sso-header", required_argument, NULL, 'O'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct web w = {.max_upload = (size_t)20 << 20};
	const char *listen = "127.0.0.1:8080", *token = NULL;
	unsigned long threads = 8, mb = 20;
	struct cli_rules rules = {0};
	int c, rc = EXIT_CLEAN;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":d:l:t:P:m:n:SX:O:h", opts, NULL)) != -1) {
		switch (c) {
		case 'O':
			if (!*optarg || strlen(optarg) >= sizeof w.sso_header || strpbrk(optarg, " :\r\n"))
				rc = cli_usage_error("serve", "--sso-header 应为请求头的名称，如 X-Remote-User");
			else
				snprintf(w.sso_header, sizeof w.sso_header, "%s", optarg);
			break;
		case 'S': w.secure_cookie = true; break;
		case 'X': {
			struct in_addr a;
			if (inet_pton(AF_INET, optarg, &a) != 1 || !a.s_addr)
				rc = cli_usage_error("serve", "--trusted-proxy 应为反向代理的 IPv4 地址，如 127.0.0.1（收到「%s」）", optarg);
			else
				w.trusted_proxy = a.s_addr;
			break;
		}
		case 'd': w.db = optarg; break;
		case 'l': listen = optarg; break;
		case 't': token = optarg; break;
		case 'P': rules.profile_spec = optarg; break;
		case 'm':
			mb = strtoul(optarg, NULL, 10);
			if (mb < 1 || mb > 256)
				rc = cli_usage_error("serve", "--max-upload 应为 1 到 256（MB）");
			break;
		case 'n':
			threads = strtoul(optarg, NULL, 10);
			if (threads < 1 || threads > 64)
				rc = cli_usage_error("serve", "--threads 应为 1 到 64");
			break;
		case 'h': help(); return EXIT_CLEAN;
		default: rc = cli_option_error("serve", c, argv);
		}
	}
	struct sockaddr_in addr;
	if (rc == EXIT_CLEAN && optind < argc)
		rc = cli_usage_error("serve", "不需要文件参数（收到「%s」）", argv[optind]);
	if (rc == EXIT_CLEAN && *w.sso_header && !w.trusted_proxy)
		rc = cli_usage_error("serve", "--sso-header 须与 --trusted-proxy 一起用：只有反向代理发来的这个请求头才可信");
	if (rc == EXIT_CLEAN && !parse_listen(listen, &addr))
		rc = cli_usage_error("serve", "--listen 应为 IPv4地址:端口，如 127.0.0.1:8080（收到「%s」）", listen);
	if (rc == EXIT_CLEAN && token && strlen(token) < 16)
		rc = cli_usage_error("serve", "--token 至少 16 个字符");
	if (rc == EXIT_CLEAN && token && distinct_bytes(token) < 8)
		rc = cli_usage_error("serve", "--token 太容易猜：至少要有 8 种不同的字符（可用 openssl rand -hex 16 生成）");
	if (rc == EXIT_CLEAN && token && strlen(token) >= sizeof w.token)
		rc = cli_usage_error("serve", "--token 太长");
	/* a server that starts with accounts asks for a login for good: a
	 * database replaced later by one without accounts is no open door */
	w.accounts_seen = rc == EXIT_CLEAN && has_accounts(cli_db_path(w.db));
	if (rc == EXIT_CLEAN && !loopback(addr.sin_addr) && !token && !w.accounts_seen)
		rc = cli_usage_error("serve", "拒绝在非本机地址 %s 上监听：其他电脑也能访问数据库，"
					       "请先用 jixiao user add 创建账号（网页版就要求登录），"
					       "或用 --token 设置访问令牌", listen);
	if (rc == EXIT_CLEAN && !cli_rules_load(&rules, NULL))
		rc = EXIT_USAGE;
	if (rc != EXIT_CLEAN) {
		cli_rules_release(&rules);
		return rc;
	}
	w.db = cli_db_path(w.db);
	char ip[INET_ADDRSTRLEN];
	inet_ntop(AF_INET, &addr.sin_addr, ip, sizeof ip);
	snprintf(w.hosts[0], sizeof w.hosts[0], "%s:%u", ip, ntohs(addr.sin_port));
	if (loopback(addr.sin_addr))
		snprintf(w.hosts[1], sizeof w.hosts[1], "localhost:%u", ntohs(addr.sin_port));
	w.max_upload = (size_t)mb << 20;
	if (token)
		snprintf(w.token, sizeof w.token, "%s", token);
	if (!make_secret(w.csrf) || !make_secret(w.sso_key)) {
		fprintf(stderr, "jixiao serve: error: 无法取得随机数\n");
		cli_rules_release(&rules);
		return EXIT_USAGE;
	}
	web_profile = rules.profile;
	/* SIGINT/SIGTERM end the server: wait for them here, not in a thread */
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	char why[256];
	void *d = web_start(&w, &addr, (unsigned)threads, why, sizeof why);
	if (!d) {
		fprintf(stderr, "jixiao serve: error: 无法在 %s 上监听：%s\n", listen, why);
		cli_rules_release(&rules);
		return EXIT_USAGE;
	}
	printf("jixiao serve：http://%s/%s%s（数据库 %s；Ctrl+C 停止）\n", listen, token ? "?token=" : "",
	       token ? token : "", w.db);
	fflush(stdout);
	int sig;
	sigwait(&set, &sig);
	web_stop(d);
	printf("jixiao serve：已停止\n");
	cli_rules_release(&rules);
	return EXIT_CLEAN;
}
