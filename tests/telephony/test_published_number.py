"""The line's number (PHONE_LINE_NUMBER) is published on /service and in the FAQ's telephone entry,
written as people write it; without a number neither mentions one."""
from __future__ import annotations


def test_the_service_page_and_the_faq_name_the_lines_number(twilio):
    service = twilio.client.get("/service").text
    assert "01632 960000" in service and 'href="tel:01632960000"' in service
    assert "within 4 working hours" in service
    entry = twilio.client.get("/faq/entries/telephone-consultation").text
    assert "01632 960000" in entry and "press 1" in entry


def test_without_a_line_the_pages_do_not_invent_a_number(client, db):
    assert "Telephone consultation line" not in client.get("/service").text
    entry = client.get("/faq/entries/telephone-consultation").text
    assert entry.count("01632") == 0 and "telephone" in entry.lower()


def test_numbers_are_written_as_people_write_them():
    from consult.telephony.rules import display_number

    assert display_number("+441632960000") == "01632 960000"
    assert display_number("+442079460123") == "020 7946 0123"
    assert display_number("+447700900123") == "07700 900123"
    assert display_number("+15555550100") == "+15555550100"
