"""Settings read from the environment: defaults, and refusals of values that cannot work."""

import pytest

from inventory.settings import load_settings


def test_defaults_follow_api_md(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    settings = load_settings({})
    assert settings.database_url == "sqlite:///var/relais.sqlite3"
    assert (settings.org_name, settings.asset_tag_prefix, settings.timezone) == (
        "Relais",
        "RL",
        "Europe/Brussels",
    )
    assert settings.smtp_url is None and settings.mail_from == "relais@localhost"
    # The secret key is generated once and kept beside the SQLite file.
    assert (tmp_path / "var" / "secret_key").read_text() == settings.secret_key
    assert load_settings({}).secret_key == settings.secret_key


@pytest.mark.parametrize("prefix", ["", "TOO-LONG-PREFIX", "R L", "ÉCOLE"])
def test_an_unusable_asset_tag_prefix_is_refused_at_start(tmp_path, monkeypatch, prefix) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ValueError, match="RELAIS_ASSET_TAG_PREFIX"):
        load_settings({"RELAIS_ASSET_TAG_PREFIX": prefix})


def test_prefix_is_upper_cased(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert load_settings({"RELAIS_ASSET_TAG_PREFIX": "dtv"}).asset_tag_prefix == "DTV"


def test_the_reminder_schedule_is_configurable(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    default = load_settings({}).reminders
    assert (
        default.before_due_days,
        default.after_due_days,
        default.escalation_days,
        default.decision_days,
    ) == (
        7,
        (3,),
        10,
        30,
    )
    custom = load_settings(
        {
            "RELAIS_REMINDER_BEFORE_DUE_DAYS": "5",
            "RELAIS_REMINDER_AFTER_DUE_DAYS": "2,5",
            "RELAIS_REMINDER_SEND_HOUR": "10",
            "RELAIS_REMINDER_SWEEP_SECONDS": "60",
        }
    ).reminders
    assert (custom.before_due_days, custom.after_due_days, custom.send_hour) == (5, (2, 5), 10)
    assert (default.sweep_interval_seconds, custom.sweep_interval_seconds) == (300, 60)
    for wrong in ("0", "soon", "-5"):
        with pytest.raises(ValueError, match="RELAIS_REMINDER_SWEEP_SECONDS"):
            load_settings({"RELAIS_REMINDER_SWEEP_SECONDS": wrong})
    with pytest.raises(ValueError, match="RELAIS_REMINDER_AFTER_DUE_DAYS"):
        load_settings({"RELAIS_REMINDER_AFTER_DUE_DAYS": "soon"})


def test_trusted_proxies_are_addresses_or_networks(tmp_path, monkeypatch) -> None:
    import ipaddress

    monkeypatch.chdir(tmp_path)
    assert load_settings({}).trusted_proxies == ()
    settings = load_settings({"RELAIS_TRUSTED_PROXIES": "10.0.0.1, 192.168.0.0/24,::1"})
    assert settings.trusted_proxies == (
        ipaddress.ip_network("10.0.0.1/32"),
        ipaddress.ip_network("192.168.0.0/24"),
        ipaddress.ip_network("::1/128"),
    )
    with pytest.raises(ValueError, match="RELAIS_TRUSTED_PROXIES"):
        load_settings({"RELAIS_TRUSTED_PROXIES": "proxy.example.org"})
