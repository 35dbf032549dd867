#!/bin/sh
# Install the Debian packages a make target needs, only those missing.
#   sh scripts/deps.sh build   compiler, libc headers, sanitizer runtimes, jq (tests)
#   sh scripts/deps.sh fuzz    clang with libFuzzer
#   sh scripts/deps.sh test    LibreOffice, Chromium, poppler-utils, a CJK font, curl, tesseract (--ocr), PostgreSQL's server (the store's second backend) and node/npm (render, document and web tests)
#   sh scripts/deps.sh bench   wrk (the load on jixiao serve)
#   sh scripts/deps.sh documents  what tests/documents/generate.sh drives (python-docx,
#                              openpyxl, LibreOffice Writer, Ghostscript, img2pdf)
set -e
case "${1:-build}" in
build) pkgs="gcc make libc6-dev libasan8 libubsan1 pkg-config libopencc-dev libxml2-dev libsqlite3-dev libxlsxwriter-dev libzip-dev libexpat1-dev libjson-c-dev libfreexl-dev libmicrohttpd-dev zlib1g-dev libzstd-dev libsodium-dev libpq-dev sqlite3 jq time python3 poppler-utils" ;;
fuzz)  pkgs="clang libclang-rt-14-dev" ;;
bench) pkgs="wrk postgresql-15" ;;
documents) pkgs="python3-docx python3-openpyxl python3-pikepdf libreoffice-writer-nogui libreoffice-calc-nogui chromium poppler-utils ghostscript img2pdf fonts-wqy-zenhei" ;;
# what the render tests drive: LibreOffice recalculates the XLSX, Chromium
# loads the report and prints a form, pdfinfo counts its pages, and a CJK
# font lets both draw Chinese
test)  pkgs="libreoffice-calc-nogui chromium poppler-utils fonts-wqy-zenhei curl tesseract-ocr tesseract-ocr-chi-sim zstd postgresql-15" ;;
*) echo "deps.sh: unknown set $1" >&2; exit 2 ;;
esac
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "deps.sh: installing$missing" >&2
if [ "$(id -u)" -ne 0 ]; then
	echo "deps.sh: need root (or sudo) to install:$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends $missing
