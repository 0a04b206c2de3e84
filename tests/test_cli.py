"""The real command line through its entry point: run, duplicates, errors and exit statuses."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from email.utils import format_datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEEDS

CONFIG = """
[[conflicts]]
id = "thailand-cambodia"
name = "Thailand–Cambodia border conflict"
keywords = ["Thailand", "Cambodia", "Thai", "Cambodian"]
[conflicts.parties]
Thailand = ["Thai", "Bangkok"]
Cambodia = ["Cambodian", "Phnom Penh", "Khmer"]

[[sources]]
kind = "folder"
path = "articles"
conflict = "thailand-cambodia"
"""


def copy_seeds(folder: Path) -> Path:
    shutil.copytree(SEEDS, folder)
    return folder


def write_config(tmp_path: Path, text: str = CONFIG) -> Path:
    path = tmp_path / "sitrep.toml"
    path.write_text(text, encoding="utf-8")
    return path


def panels(output: str) -> int:
    """How many alerts the console destination printed (one panel each)."""
    return output.count("╭─ thailand-cambodia")


def test_run_once_twice_posts_the_alerts_the_first_time_and_nothing_the_second(sitrep, tmp_path):
    copy_seeds(tmp_path / "articles")
    write_config(tmp_path)
    first = sitrep("run", "--once")
    assert first.code == 0, first.stderr
    assert panels(first.stdout) == 7
    second = sitrep("run", "--once")
    assert second.code == 0, second.stderr
    assert panels(second.stdout) == 0
    with sqlite3.connect(tmp_path / "sitrep.db") as db:
        assert db.execute("select count(*) from alerts").fetchone() == (7,)
        assert db.execute("select count(*) from deliveries where status = 'sent'").fetchone() == (7,)
        assert db.execute("select count(*) from articles").fetchone() == (5,)


def test_run_once_without_configuration_follows_the_seed_folder(sitrep):
    result = sitrep("run", "--once", cwd=ROOT)
    assert result.code == 0, result.stderr
    assert panels(result.stdout) == 7


def test_a_duplicate_article_under_another_name_adds_nothing(sitrep, tmp_path):
    articles = copy_seeds(tmp_path / "articles")
    write_config(tmp_path)
    assert panels(sitrep("run", "--once").stdout) == 7
    seed = sorted(articles.glob("004_*.txt"))[0]
    shutil.copy(seed, articles / "999_syndicated_copy.txt")
    again = sitrep("run", "--once")
    assert again.code == 0, again.stderr
    assert panels(again.stdout) == 0
    with sqlite3.connect(tmp_path / "sitrep.db") as db:
        assert db.execute("select count(*) from articles").fetchone() == (5,)


def test_replay_counts_a_duplicate_once(sitrep, tmp_path):
    articles = copy_seeds(tmp_path / "articles")
    shutil.copy(sorted(articles.glob("003_*.txt"))[0], articles / "003b_copy.txt")
    result = sitrep("replay", str(articles), "--json")
    assert result.code == 0, result.stderr
    assert len(result.json_lines()) == 7


def test_status_before_anything_was_read_creates_no_database(sitrep, tmp_path):
    result = sitrep("status", "--json")
    assert result.code == 0, result.stderr
    assert [line["conflict"] for line in result.json_lines()] == ["thailand-cambodia"]
    assert not (tmp_path / "sitrep.db").exists()


def test_status_reports_the_current_state_with_sources(sitrep, tmp_path):
    copy_seeds(tmp_path / "articles")
    write_config(tmp_path)
    sitrep("run", "--once")
    result = sitrep("status", "thailand-cambodia")
    assert result.code == 0, result.stderr
    assert "Ceasefire: collapsed since 2025-12-19" in result.stdout
    assert "killed: 96 in all" in result.stdout
    assert "Chanthaburi" in result.stdout
    as_json = sitrep("status", "--json").json_lines()
    assert as_json[0]["conflict"] == "thailand-cambodia"
    unknown = sitrep("status", "nowhere")
    assert unknown.code == 2 and "CONFLICT: unknown conflict 'nowhere'" in unknown.stderr


@pytest.mark.parametrize(
    ("config", "message"),
    [
        pytest.param(
            '[[conflicts]]\nid = "Bad Id"\nname = "x"\nkeywords = ["x"]\n', "conflicts[0].id", id="bad-slug"
        ),
        pytest.param(CONFIG + 'colour = "red"\n', "colour: unknown key", id="unknown-top-level-key"),
        pytest.param(
            CONFIG.replace('kind = "folder"', 'kind = "ftp"'), "sources[0]", id="unknown-source-kind"
        ),
        pytest.param(
            CONFIG.replace('conflict = "thailand-cambodia"', 'conflict = "mars"'),
            "sources[0].conflict: unknown conflict id 'mars'",
            id="unknown-conflict-id",
        ),
        pytest.param(
            CONFIG.replace('keywords = ["Thailand", "Cambodia", "Thai", "Cambodian"]', "keywords = 3"),
            "conflicts[0].keywords",
            id="bad-type",
        ),
        pytest.param("[[conflicts]\n", "invalid TOML", id="not-toml"),
        pytest.param(
            CONFIG + '\n[[sources]]\nkind = "feed"\nurl = "ftp://x"\n', "sources[1].url", id="bad-url"
        ),
        pytest.param(
            CONFIG + '\n[[sources]]\nkind = "folder"\npath = 42\n',
            'sources[1].path: must be a path as text, such as "articles"',
            id="path-not-text",
        ),
        pytest.param(
            CONFIG + '\n[[conflicts]]\nid = "thailand-cambodia"\nname = "Again"\nkeywords = ["x"]\n',
            "conflicts[1].id: duplicate conflict id 'thailand-cambodia'",
            id="duplicate-conflict-id",
        ),
        pytest.param(
            CONFIG + '\n[[destinations]]\nkind = "webhook"\nname = "w"\nurl_env = "HOOK"\nformat = "xml"\n',
            "destinations[0].format: Input should be 'discord', 'slack' or 'json' (got 'xml')",
            id="webhook-format",
        ),
    ],
)
def test_a_broken_config_exits_2_naming_file_key_and_problem(sitrep, tmp_path, config, message):
    path = write_config(tmp_path, config)
    result = sitrep("replay", str(SEEDS), "--config", str(path))
    assert result.code == 2
    assert str(path) in result.stderr
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_missing_config_file_exits_2(sitrep, tmp_path):
    result = sitrep("run", "--once", "--config", str(tmp_path / "absent.toml"))
    assert result.code == 2
    assert "absent.toml: file not found" in result.stderr


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("garbage", "the database URL (SITREP_DATABASE_URL) is not a URL such as sqlite:///sitrep.db"),
        ("mysql://u:secret@localhost/db", "database mysql://u:***@localhost/db: only SQLite and PostgreSQL"),
        (
            "postgresql://u:secret@127.0.0.1:1/db",
            "database postgresql+asyncpg://u:***@127.0.0.1:1/db: cannot open it:",
        ),
        ("sqlite:///{tmp}/folder", "/folder: cannot open it: unable to open database file"),
        ("sqlite:///{tmp}/text.db", "/text.db: cannot open it: file is not a database"),
    ],
)
def test_a_database_that_cannot_be_opened_exits_2_naming_it_without_its_password(
    sitrep, tmp_path, url, message
):
    (tmp_path / "folder").mkdir()
    (tmp_path / "text.db").write_text("not a database\n" * 200)
    result = sitrep("status", env={"SITREP_DATABASE_URL": url.format(tmp=tmp_path)})
    assert result.code == 2
    assert result.stderr.startswith("sitrep: ") and message in result.stderr
    assert "secret" not in result.stderr and "Traceback" not in result.stderr
    assert (tmp_path / "text.db").read_text() == "not a database\n" * 200  # left as it was


def test_an_env_file_that_is_not_utf8_exits_2(sitrep, tmp_path):
    (tmp_path / ".env").write_bytes(b"SLACK_BOT_TOKEN=\xff\xfe\n")
    result = sitrep("run", "--once")
    assert result.code == 2
    assert result.stderr == "sitrep: .env: not UTF-8 text (byte 16)\n"


def test_an_empty_or_unreadable_article_gets_its_error_line_and_exit_1(sitrep, tmp_path):
    articles = copy_seeds(tmp_path / "articles")
    (articles / "002a_empty.txt").write_text("  \n\n", encoding="utf-8")
    (articles / "006_binary.txt").write_bytes(b"\xff\xfe\x00garbage\x80\x81")
    result = sitrep("extract", str(articles), "--json")
    assert result.code == 1
    lines = result.json_lines()
    errors = {Path(line["path"]).name: line["error"] for line in lines if "error" in line}
    assert set(errors) == {"002a_empty.txt", "006_binary.txt"}
    assert sum(1 for line in lines if "facts" in line) == 5
    names = [Path(line["path"]).name for line in lines]
    assert names == sorted(names)  # one line per file, in input order, errors among the articles
    assert "002a_empty.txt" in result.stderr and "006_binary.txt" in result.stderr


def test_replay_and_run_keep_going_past_a_bad_article(sitrep, tmp_path):
    articles = copy_seeds(tmp_path / "articles")
    (articles / "005_empty.txt").write_text("", encoding="utf-8")
    write_config(tmp_path)
    replay = sitrep("replay", str(articles), "--json")
    assert replay.code == 1
    assert len(replay.json_lines()) == 7
    assert "005_empty.txt" in replay.stderr
    run = sitrep("run", "--once")
    assert run.code == 1
    assert panels(run.stdout) == 7
    assert run.stderr.count("005_empty.txt") == 1  # reported once, as its own line
    assert "sitrep: articles/005_empty.txt: empty file" in run.stderr


def test_a_missing_path_is_an_input_error(sitrep, tmp_path):
    result = sitrep("extract", str(tmp_path / "nowhere"), "--json")
    assert result.code == 1
    assert "no such file or folder" in result.json_lines()[0]["error"]


def test_extract_conflict_option_forces_the_conflict_and_rejects_unknown_ids(sitrep, tmp_path):
    article = tmp_path / "other.txt"
    article.write_text("Border clash\n\nAt least 12 soldiers were killed on Tuesday.\n", encoding="utf-8")
    routed = sitrep("extract", str(article), "--json").json_lines()[0]
    assert routed["conflict"] is None and routed["facts"] == []
    forced = sitrep("extract", "--conflict", "thailand-cambodia", str(article), "--json").json_lines()[0]
    assert forced["conflict"] == "thailand-cambodia"
    assert forced["facts"][0]["count"] == 12
    bad = sitrep("extract", "--conflict", "mars", str(article), "--json")
    assert bad.code == 2 and "--conflict: unknown conflict 'mars'" in bad.stderr


@pytest.mark.parametrize("command", ["extract", "replay", "run", "status"])
def test_every_command_has_help(sitrep, command):
    result = sitrep(command, "--help")
    assert result.code == 0
    assert "--config" in result.stdout


def test_usage_errors_exit_2(sitrep):
    assert sitrep("fly").code == 2
    assert sitrep("extract").code == 2


def test_run_serves_health_and_metrics(tmp_path):
    import socket as sockets

    import httpx

    with sockets.socket() as probe:  # a free port for the health server
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    articles = tmp_path / "articles"
    articles.mkdir()
    shutil.copy(sorted(SEEDS.glob("*.txt"))[0], articles)
    write_config(tmp_path, CONFIG + f"\n[health]\nport = {port}\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_", "SITREP_"))}
    env.update(SITREP_DATABASE_URL=f"sqlite:///{tmp_path / 'sitrep.db'}")
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "run"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        health = None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
                metrics = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=2).text
                if 'sitrep_alerts_total{kind="casualty"} 1.0' in metrics:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.3)
        assert health is not None and health.status_code == 200, proc.stderr
        assert health.json()["status"] == "ok" and health.json()["scheduler"]["alive"] is True
        assert 'sitrep_polls_total{source_kind="folder"}' in metrics
        assert 'sitrep_deliveries_total{destination_kind="console",outcome="sent"}' in metrics
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()


def test_run_polls_until_sigterm_and_picks_up_new_articles(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    shutil.copy(seeds[0], articles / seeds[0].name)
    write_config(tmp_path, CONFIG + 'interval = "1s"\n')
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_", "SITREP_"))}
    env.update(SITREP_DATABASE_URL=f"sqlite:///{tmp_path / 'sitrep.db'}", PYTHONUNBUFFERED="1", COLUMNS="100")
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "run"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(proc.stdout), daemon=True)
    reader.start()

    def wait_for(panel_count: int) -> None:
        deadline = time.monotonic() + 60
        while panels("".join(lines)) < panel_count and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.2)
        assert panels("".join(lines)) == panel_count, "".join(lines)

    try:
        wait_for(3)  # article 000: casualties, ceasefire, meeting
        shutil.copy(seeds[3], articles / seeds[3].name)  # a new article arrives while sitrep runs
        wait_for(5)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0, proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()


def test_run_once_reads_a_feed_source_over_http(sitrep, tmp_path):
    """A feed's first poll is a backlog: one baseline summary, no alert per item. Later items alert, except
    those older than the feed's max_age."""
    now = dt.datetime.now(dt.UTC)

    def item(n: int, seed: str, published: dt.datetime) -> str:
        text = sorted(SEEDS.glob(f"{seed}_*.txt"))[0].read_text(encoding="utf-8")
        return (
            f"<item><title>Story {n}</title><link>https://wire.example/{n}</link><guid>{n}</guid>"
            f"<pubDate>{format_datetime(published)}</pubDate><description>{escape(text)}</description></item>"
        )

    items = [item(1, "000", now - dt.timedelta(hours=2))]
    requests: list[str] = []

    class Feed(BaseHTTPRequestHandler):
        def do_GET(self):
            requests.append(self.path)
            if self.path != "/rss.xml":
                self.send_error(404)
                return
            rss = (
                '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Wire</title>'
                + "".join(items)
                + "</channel></rss>"
            ).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(rss)))
            self.end_headers()
            self.wfile.write(rss)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Feed)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_port}"
        config = CONFIG.replace(
            'kind = "folder"\npath = "articles"', f'kind = "feed"\nurl = "{base}/rss.xml"'
        )
        write_config(tmp_path, config + f'\n[[sources]]\nkind = "feed"\nurl = "{base}/missing.xml"\n')
        result = sitrep("run", "--once")
        assert result.code == 1  # the missing feed is an input error, named on stderr
        assert "missing.xml: HTTP 404" in result.stderr
        assert panels(result.stdout) == 1, result.stdout  # the backlog: one baseline summary
        assert "baseline" in result.stdout and "Now following" in result.stdout
        assert "at least 39" in result.stdout  # the state the backlog built
        assert requests.count("/rss.xml") == 1

        items.append(item(2, "004", now - dt.timedelta(minutes=5)))  # news
        items.append(item(3, "003", now - dt.timedelta(days=30)))  # older than max_age (3d)
        again = sitrep("run", "--once")
        # the old item is stored quietly, in publication order: it raised the toll to 41 without a word
        assert "Death toll rises to 96 (was at least 41)" in again.stdout, again.stdout
        assert "Story 3" not in again.stdout and "baseline" not in again.stdout
        assert "https://wire.example/2" in again.stdout
        assert sitrep("run", "--once").stdout.count("╭") == 0  # nothing new: nothing posted
    finally:
        server.shutdown()


def test_dead_letters_are_listed_and_can_be_retried(sitrep, tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    shutil.copy(sorted(SEEDS.glob("*.txt"))[0], articles)
    hook = '\n[[destinations]]\nkind = "webhook"\nname = "hook"\nformat = "json"\nurl_env = "HOOK_URL"\n'
    write_config(tmp_path, CONFIG + hook + "\n[delivery]\nmax_attempts = 1\n")
    refused = {"HOOK_URL": "http://127.0.0.1:9/hook"}  # nothing listens there
    assert sitrep("run", "--once", env=refused).code == 0
    dead = sitrep("deliveries", env=refused)
    # the first alert is given up after its one attempt; the other two wait behind it, in order
    assert dead.code == 0 and len(dead.stdout.splitlines()) == 1
    assert dead.stdout.startswith("1\thook\tAt least 39 killed") and "ConnectError" in dead.stdout
    assert "1 deliveries given up" in sitrep("status", env=refused).stdout
    assert sitrep("deliveries", "retry", env=refused).stdout.strip() == "1 deliveries back in the outbox"
    assert sitrep("deliveries", env=refused).stdout == ""
