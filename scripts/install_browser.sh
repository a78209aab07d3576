#!/usr/bin/env bash
# Installs Debian's Chromium and CJK fonts for the end-to-end browser test, once.
# Playwright's own browser download cannot work offline, so the test drives /usr/bin/chromium.
set -euo pipefail
if [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -qi "noto.*cjk"; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "需要 root 安装 chromium 与 fonts-noto-cjk（浏览器测试会被跳过）" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
