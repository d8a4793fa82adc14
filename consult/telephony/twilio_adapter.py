"""The Twilio adapter: signatures with the official RequestValidator, TwiML with VoiceResponse,
and the REST client (pointed at TWILIO_API_URL, a local fake in tests, as SLACK_API_URL is).

Paths: Twilio calls /telephony/twilio/voice (the number's voice webhook) and
/telephony/twilio/status (the number's status callback, and each <Dial>'s action, with
`?attempt=n`); the keypad's answer comes back to /telephony/twilio/keypad. Twilio signs the full
URL it called, so the service checks signatures against BASE_URL + path (+ query).
"""
from __future__ import annotations

from collections.abc import Mapping

from twilio.base.exceptions import TwilioException
from twilio.http.http_client import TwilioHttpClient
from twilio.request_validator import RequestValidator
from twilio.rest import Client
from twilio.twiml.voice_response import VoiceResponse

from consult.settings import get_settings
from consult.telephony import rules
from consult.telephony.provider import Answer, CallEvent, DialStep, Hangup, KeypadStep, Say

VOICE_PATH = "/telephony/twilio/voice"
STATUS_PATH = "/telephony/twilio/status"
KEYPAD_PATH = "/telephony/twilio/keypad"
# British English voice for every <Say>.
SAY = {"language": "en-GB", "voice": "Polly.Amy"}


class TwilioProvider:
    name = "twilio"

    def __init__(self, *, account_sid: str | None, auth_token: str, api_url: str, caller_id: str | None) -> None:
        self._validator = RequestValidator(auth_token)
        self._account_sid = account_sid
        self._auth_token = auth_token
        self._api_url = api_url.rstrip("/")
        self._caller_id = caller_id

    @classmethod
    def from_settings(cls) -> TwilioProvider:
        settings = get_settings()
        return cls(account_sid=settings.twilio_account_sid, auth_token=settings.twilio_auth_token or "",
                   api_url=settings.twilio_api_url, caller_id=settings.phone_line_number)

    # -- webhooks in ---------------------------------------------------------------------------
    def verify(self, *, url: str, params: Mapping[str, str], signature: str | None) -> bool:
        if not signature or not self._auth_token:
            return False
        return bool(self._validator.validate(url, dict(params), signature))

    def parse(self, params: Mapping[str, str]) -> CallEvent:
        return CallEvent(
            call_sid=params.get("CallSid", "")[:64],
            from_number=params.get("From") or None,
            call_status=params.get("CallStatus") or None,
            dial_status=params.get("DialCallStatus") or None,
            duration=rules.duration(params.get("CallDuration")),
            dial_duration=rules.duration(params.get("DialCallDuration")),
            digits=(params.get("Digits") or "")[:4] or None,
        )

    # -- answers out ---------------------------------------------------------------------------
    def render(self, answer: Answer) -> tuple[str, str]:
        response = VoiceResponse()
        for step in answer.steps:
            if isinstance(step, Say):
                response.say(step.text, **SAY)
            elif isinstance(step, DialStep):
                # The line's number as caller id, so a clinician sees the line ringing, and no
                # recording (the line is for advice; families are not named on it).
                dial = response.dial(timeout=step.timeout, action=f"{STATUS_PATH}?attempt={step.attempt}",
                                     method="POST", caller_id=step.caller_id or self._caller_id,
                                     record="do-not-record", answer_on_bridge=True)
                dial.number(step.number)
            elif isinstance(step, KeypadStep):
                gather = response.gather(num_digits=1, timeout=step.timeout, action=KEYPAD_PATH, method="POST",
                                         action_on_empty_result=True, input="dtmf")
                gather.say(step.prompt, **SAY)
            elif isinstance(step, Hangup):
                response.hangup()
        return str(response), "text/xml"

    # -- REST ----------------------------------------------------------------------------------
    def client(self) -> Client:
        client = Client(self._account_sid, self._auth_token, http_client=TwilioHttpClient(timeout=10))
        # Every REST resource the service uses is under the api domain; tests point it at a fake.
        client.api.base_url = self._api_url
        return client

    def fetch_call(self, call_sid: str) -> CallEvent | None:
        try:
            call = self.client().calls(call_sid).fetch()
        except TwilioException:
            return None
        return CallEvent(call_sid=call_sid, call_status=call.status and str(call.status),
                         duration=rules.duration(str(call.duration) if call.duration is not None else None))
