"""End to end in chromium: demo data → log in → queue → claim → case → act → export."""

from __future__ import annotations

import re

from console_support import Server, login, shot
from playwright.sync_api import Page, expect


def _claim_first_open(page: Page, server: Server) -> str:
    page.goto(server.url + "/console/queue?status=open")
    row = page.locator("table.queue tbody tr").first
    author = row.locator("td").nth(1).locator("a").inner_text()
    row.get_by_role("button", name=re.compile("Claim")).click()
    page.wait_for_url(re.compile(r"/console/cases/\d+$"))
    return author


def test_login_queue_case_dismiss(page: Page, server: Server) -> None:
    page.goto(server.url + "/console")
    expect(page).to_have_url(re.compile(r"/console/login$"))
    shot(page, "01-login")
    login(page, server.url)
    expect(page).to_have_url(re.compile(r"/console/queue$"))
    expect(page.get_by_role("heading", name="Review queue")).to_be_visible()
    rows = page.locator("table.queue tbody tr")
    assert rows.count() >= 5
    # highest risk first
    risks = [int(t.rstrip("%")) for t in rows.locator("td:first-child").all_inner_texts()]
    assert risks == sorted(risks, reverse=True)
    shot(page, "02-queue")

    author = _claim_first_open(page, server)
    expect(page.get_by_role("heading", name=re.compile(r"Case \d+"))).to_be_visible()
    expect(page.locator(".case-head")).to_contain_text(author)
    # text is masked before a reveal: the page holds no letters of the messages
    texts = page.locator("ol.messages .text").all_inner_texts()
    assert texts and all(set(t) <= set("• \n") for t in texts)
    expect(page.locator("mark.sign").first).to_be_visible()
    expect(page.locator("svg.chart circle").first).to_be_visible()
    shot(page, "03-case-blurred")

    # dismiss needs a reason: the browser blocks the empty form, the server rejects it too
    page.get_by_role("button", name="Dismiss").click()
    expect(page).to_have_url(re.compile(r"/console/cases/\d+$"))
    page.get_by_label("Dismiss reason").select_option("benign_context")
    page.get_by_role("button", name="Dismiss").click()
    expect(page.locator(".flash")).to_contain_text("dismissed")
    expect(page.locator(".case-head .status")).to_have_text("dismissed")
    expect(page.locator("ol.history")).to_contain_text("dismissed by demo-moderator")
    shot(page, "04-case-dismissed")
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_watch_list_shows_unalerted_conversations_without_text(page: Page, server: Server) -> None:
    login(page, server.url)
    page.goto(server.url + "/console/queue?status=")
    alerted = {
        t.strip() for t in page.locator("table.queue tbody td .muted.small").all_inner_texts()
    }
    assert alerted
    page.get_by_role("link", name="Watch").click()
    expect(page.get_by_role("heading", name="Watch list")).to_be_visible()
    page.goto(server.url + "/console/watch?min_risk=0")
    rows = page.locator("table.watch tbody tr")
    assert rows.count() >= 1
    risks = [int(t.rstrip("%")) for t in rows.locator("td:first-child").all_inner_texts()]
    assert risks == sorted(risks, reverse=True)
    n_all = len(risks)
    listed = set(rows.locator("td:nth-child(2)").all_inner_texts())
    assert listed and not listed & alerted  # only conversations without an alert
    assert page.locator("ol.messages").count() == 0  # no message text on this page
    # a higher bar lists fewer (or as many) conversations, all at or above it
    page.get_by_label("Risk reached at least").select_option("0.8")
    page.get_by_role("button", name="Filter").click()
    high = page.locator("table.watch tbody tr td:first-child").all_inner_texts()
    assert len(high) <= n_all
    assert all(int(t.rstrip("%")) >= 80 for t in high)
    shot(page, "09-watch")
    assert page.console_errors == []  # type: ignore[attr-defined]
