"""`make bench` as a tool to trust: the median of repeated measurements, the flag on a run
whose bare reference view drifted, the ratio table (Markdown and JSON), the comparison with
an earlier run, and the load generators against a tiny local server (slow)."""

import datetime as dt
import http.server
import json
import threading

import pytest

from scripts.bench import __main__ as bench
from scripts.bench import load, report

META = {"commit": "a" * 40, "commit_short": "aaaaaaaaaa", "created": "2026-12-03T08:00:00+00:00"}


def row(name, method="GET", samples=(100, 100, 100), **extra):
    return {
        "name": name,
        "method": method,
        "path": "/" + name,
        "status": extra.pop("status", 200),
        "expected_status": extra.pop("expected_status", 200),
        "samples": list(samples),
        "queries": extra.pop("queries", 3),
        "errors": extra.pop("errors", 0),
        **extra,
    }


def test_summary_reports_the_median_not_the_mean_and_keeps_the_spread():
    stats = report.summarise([10, 300, 20])
    assert stats["median"] == 20
    assert (stats["min"], stats["max"]) == (10, 300)
    assert report.summarise([10, 20, 30, 40])["median"] == 25


def test_summary_of_no_measurement_is_refused():
    with pytest.raises(ValueError):
        report.summarise([])


@pytest.mark.parametrize(
    ("before", "after", "flagged"),
    [(1000, 1150, False), (1000, 850, False), (1000, 1151, True), (1000, 849, True)],
)
def test_run_is_flagged_when_the_bare_view_moves_more_than_15_percent(before, after, flagged):
    result = report.build_result([], {"GET": (before, after)}, META)
    assert result["drift_flagged"] is flagged
    assert result["floors"]["GET"]["flagged"] is flagged
    assert any("UNRELIABLE RUN" in warning for warning in result["warnings"]) is flagged


def test_a_drifting_post_reference_flags_the_run_too():
    result = report.build_result([], {"GET": (1000, 1000), "POST": (500, 300)}, META)
    assert result["drift_flagged"] is True
    assert result["floors"]["GET"]["flagged"] is False


def test_ratio_is_the_median_over_the_mean_floor_of_the_same_method():
    rows = [
        row("home", samples=(90, 100, 400)),
        row("enrol", method="POST", samples=(30, 25, 35), expected_status=302, status=302),
    ]
    result = report.build_result(rows, {"GET": (1000, 1000), "POST": (54, 46)}, META)
    by_name = {r["name"]: r for r in result["rows"]}
    assert by_name["home"]["rps"] == 100
    assert by_name["home"]["ratio"] == pytest.approx(0.1)
    assert by_name["enrol"]["ratio"] == pytest.approx(30 / 50)
    assert result["commit"] == META["commit"]
    assert result["warnings"] == []


def test_a_method_without_its_own_reference_is_measured_against_get():
    result = report.build_result([row("x", method="PUT")], {"GET": (200, 200)}, META)
    assert result["rows"][0]["ratio"] == pytest.approx(0.5)


def test_a_post_answered_without_any_query_is_suspected_of_being_cached():
    rows = [row("enrol", method="POST", queries=0, status=302, expected_status=302)]
    result = report.build_result(rows, {"GET": (100, 100), "POST": (50, 50)}, META)
    assert any("cache may be answering" in warning for warning in result["warnings"])


def test_a_page_answering_another_status_than_expected_is_warned_about():
    result = report.build_result([row("team", status=302)], {"GET": (100, 100)}, META)
    assert any("team: answered 302, expected 200" in w for w in result["warnings"])


def test_peak_memory_over_the_limit_is_flagged():
    over = report.build_result([], {"GET": (1, 1)}, META, peak_rss_mib=151.0)
    under = report.build_result([], {"GET": (1, 1)}, META, peak_rss_mib=149.0)
    assert over["memory_over_limit"] is True
    assert under["memory_over_limit"] is False
    assert under["peak_rss_mib"] == 149.0


def test_markdown_table_has_a_row_per_page_the_commit_and_the_warnings():
    rows = [row("Startpagina", samples=(50, 60, 70)), row("A|B")]
    result = report.build_result(
        rows, {"GET": (100, 80)}, {**META, "load_tool": "wrk"}, peak_rss_mib=120
    )
    text = report.render_markdown(result)
    assert "aaaaaaaaaa" in text
    assert "| Startpagina | GET | 200 | 60 | 50–70 | 0.667 | 3 | 0 |" in text
    assert "A\\|B" in text
    assert "> **Warning:** UNRELIABLE RUN" in text
    assert "120 MiB" in text


def test_compare_gives_old_ratio_new_ratio_and_change_per_page():
    old = report.build_result(
        [row("home", samples=(100,)), row("gone", samples=(10,))], {"GET": (1000, 1000)}, META
    )
    new = report.build_result(
        [row("home", samples=(500,)), row("fresh", samples=(1,))], {"GET": (1000, 1000)}, META
    )
    changes = {item["name"]: item for item in report.compare(old, new)}
    assert changes["home"]["old_ratio"] == pytest.approx(0.1)
    assert changes["home"]["new_ratio"] == pytest.approx(0.5)
    assert changes["home"]["change"] == pytest.approx(0.4)
    assert changes["home"]["relative_change"] == pytest.approx(4.0)
    assert changes["fresh"]["old_ratio"] is None
    assert changes["gone"]["new_ratio"] is None
    text = report.render_comparison(list(changes.values()), old, new)
    assert "| home | GET | 0.100 | 0.500 | +0.400 (+400%) |" in text
    assert "| fresh | GET | – | 0.001 | new |" in text
    assert "| gone | GET | 0.010 | – | gone |" in text


def test_compare_tells_when_either_run_is_unreliable():
    steady = report.build_result([row("home")], {"GET": (100, 100)}, META)
    drifted = report.build_result([row("home")], {"GET": (100, 50)}, META)
    assert "unreliable" in report.render_comparison(
        report.compare(steady, drifted), steady, drifted
    )
    assert "unreliable" not in report.render_comparison(
        report.compare(steady, steady), steady, steady
    )


def test_result_files_carry_timestamp_and_commit_and_latest_is_the_same(tmp_path):
    result = report.build_result([row("home")], {"GET": (100, 100)}, META)
    when = dt.datetime(2026, 12, 3, 8, 5, 9, tzinfo=dt.UTC)
    written = bench.write_result(result, when, tmp_path)
    assert written.name == "bench-20261203T080509Z-aaaaaaaaaa.json"
    assert json.loads(written.read_text())["commit"] == "a" * 40
    assert (tmp_path / "latest.json").read_text() == written.read_text()
    assert (tmp_path / "bench-20261203T080509Z-aaaaaaaaaa.md").read_text().startswith("# Bench")


def test_compare_option_prints_the_change_between_two_result_files(tmp_path, capsys):
    old = report.build_result([row("home", samples=(100,))], {"GET": (1000, 1000)}, META)
    new = report.build_result([row("home", samples=(200,))], {"GET": (1000, 1000)}, META)
    (tmp_path / "old.json").write_text(json.dumps(old))
    (tmp_path / "new.json").write_text(json.dumps(new))
    code = bench.main(
        ["--compare", str(tmp_path / "old.json"), "--against", str(tmp_path / "new.json")]
    )
    assert code == 0
    assert "| home | GET | 0.100 | 0.200 | +0.100 (+100%) |" in capsys.readouterr().out


def test_compare_option_refuses_a_file_that_is_no_bench_result(tmp_path):
    (tmp_path / "junk.json").write_text("[1, 2]")
    with pytest.raises(SystemExit, match="not a bench result"):
        bench.main(["--compare", str(tmp_path / "junk.json"), "--against", "x"])


@pytest.mark.parametrize("argv", [["--repeats", "0"], ["--seconds", "0"], ["--against", "x"]])
def test_options_that_make_no_measurement_are_refused(argv, capsys):
    with pytest.raises(SystemExit):
        bench.parse_args(argv)
    assert "error" in capsys.readouterr().err


def test_wrk_report_is_parsed_for_throughput_and_errors():
    output = (
        "  2 threads and 8 connections\n  1234 requests in 1.00s, 1.2MB read\n"
        "  Non-2xx or 3xx responses: 17\nRequests/sec:   1234.56\nTransfer/sec: 1.2MB\n"
    )
    assert load.parse_wrk(output) == (1234.56, 17)
    assert load.parse_wrk("Requests/sec:  99.00\n") == (99.0, 0)


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        status = 500 if self.path.startswith("/fail") else 200
        self.send_response(status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    do_GET = do_POST = _answer

    def log_message(self, *args):
        pass


@pytest.fixture
def local_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


LOADERS = [load.run_python_client]
if load.wrk_available():
    LOADERS.append(load.run_wrk)


@pytest.mark.slow
@pytest.mark.parametrize("loader", LOADERS, ids=lambda f: f.__name__)
def test_load_generators_measure_a_live_server_and_count_its_errors(local_server, loader):
    rps, errors = loader(local_server + "/", {}, None, "GET", seconds=1, connections=2)
    assert rps > 10
    assert errors == 0
    body = "v=x"
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    rps, errors = loader(local_server + "/fail", headers, body, "POST", seconds=1, connections=2)
    assert rps > 10
    assert errors > 0


class _RecordingHandler(_Handler):
    bodies = []

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.bodies.append(self.rfile.read(length).decode())
        self.send_response(302)
        self.send_header("Content-Length", "0")
        self.end_headers()


@pytest.mark.slow
@pytest.mark.parametrize("loader", LOADERS, ids=lambda f: f.__name__)
def test_a_post_with_a_fresh_id_sends_another_id_with_every_request(loader):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _RecordingHandler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _RecordingHandler.bodies.clear()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        body = f"client_id={load.FRESH_ID}&v=x"
        _rps, errors = loader(url, headers, body, "POST", seconds=1, connections=2)
    finally:
        server.shutdown()
        server.server_close()
    ids = [part.removeprefix("client_id=").split("&")[0] for part in _RecordingHandler.bodies]
    assert errors == 0
    assert len(ids) > 10
    assert len(set(ids)) == len(ids)
    assert all(len(value) == 32 and int(value, 16) >= 0 for value in ids)
