from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import Column, Integer, MetaData, String, Table, insert, select, text
from typer.testing import CliRunner

from consult.cli import app as cli
from consult.privacy import crypto
from consult.privacy.crypto import EncryptedText, blind_index, encrypted_columns, rotate_all
from consult.settings import reset_settings_cache

runner = CliRunner()
NHS_NUMBER = "9991234578"  # a valid Modulus 11 number in the test range, invented


@pytest.fixture
def use_keys(monkeypatch):
    def install(*keys: str) -> None:
        monkeypatch.setenv("ENCRYPTION_KEYS", ",".join(keys))
        reset_settings_cache()

    return install


@pytest.fixture
def family_table(db):
    """A table of our own with encrypted columns, so the test does not depend on other packages."""
    metadata = MetaData()
    table = Table(
        "privacy_test_family", metadata,
        Column("id", Integer, primary_key=True),
        Column("nhs_number", EncryptedText()),
        Column("phone", EncryptedText(), nullable=True),
        Column("district", String(40)),
    )
    metadata.create_all(db.get_bind())
    yield metadata, table
    db.rollback()
    metadata.drop_all(db.get_bind())


def _raw(db, column: str) -> list[str | None]:
    return list(db.execute(text(f"SELECT {column} FROM privacy_test_family ORDER BY id")).scalars())


def test_an_encrypted_field_never_reaches_the_database_in_plain_text(db, family_table):
    _, table = family_table
    db.execute(insert(table).values(id=1, nhs_number=NHS_NUMBER, phone="07700 900123", district="Thanet"))
    stored = _raw(db, "nhs_number")[0]
    assert NHS_NUMBER not in stored and stored.startswith("gAAAAA")
    assert "900123" not in _raw(db, "phone")[0]
    assert db.execute(select(table.c.nhs_number)).scalar_one() == NHS_NUMBER


def test_rotation_moves_every_value_to_the_newest_key_so_the_old_key_can_be_removed(db, family_table, use_keys):
    metadata, table = family_table
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    use_keys(old)
    db.execute(insert(table), [{"id": i, "nhs_number": NHS_NUMBER, "phone": None if i % 2 else "07700 900123",
                                "district": "Dover"} for i in range(1, 8)])
    before = _raw(db, "nhs_number")

    use_keys(new, old)
    changed = rotate_all(db=db, metadata=metadata, batch=3)  # several batches
    assert changed == {"privacy_test_family": 7}
    assert all(a != b for a, b in zip(before, _raw(db, "nhs_number"), strict=False))
    assert rotate_all(db=db, metadata=metadata) == {"privacy_test_family": 0}  # nothing left to do

    use_keys(new)  # the old key is gone
    rows = db.execute(select(table.c.nhs_number, table.c.phone).order_by(table.c.id)).all()
    assert {r.nhs_number for r in rows} == {NHS_NUMBER}
    assert [r.phone for r in rows][:2] == [None, "07700 900123"]


def test_a_value_under_an_unknown_key_fails_without_showing_the_value(db, family_table, use_keys):
    _, table = family_table
    use_keys(Fernet.generate_key().decode())
    db.execute(insert(table).values(id=1, nhs_number=NHS_NUMBER, district="Dover"))
    use_keys(Fernet.generate_key().decode())
    with pytest.raises(crypto.DecryptionError) as caught:
        db.execute(select(table.c.nhs_number)).scalar_one()
    assert NHS_NUMBER not in str(caught.value)


def test_encrypted_columns_are_discovered_from_the_metadata_of_any_package():
    metadata = MetaData()
    Table("a", metadata, Column("id", Integer, primary_key=True), Column("name", EncryptedText()), Column("dob", EncryptedText()))
    Table("b", metadata, Column("id", Integer, primary_key=True), Column("district", String(40)))
    found = {t.name: [c.name for c in cols] for t, cols in encrypted_columns(metadata).items()}
    assert found == {"a": ["name", "dob"]}


def test_the_service_metadata_is_searched_for_encrypted_columns():
    from consult.db import Base
    from consult.models import import_all_models

    import_all_models()
    for table, columns in encrypted_columns(Base.metadata).items():
        assert all(isinstance(c.type, EncryptedText) for c in columns)
        assert table.name in Base.metadata.tables


def test_a_blind_index_finds_a_number_however_it_is_written():
    assert blind_index("999 123 4578") == blind_index("999-123-4578") == blind_index(NHS_NUMBER)
    assert blind_index(NHS_NUMBER) != blind_index("9991234586")
    assert NHS_NUMBER not in blind_index(NHS_NUMBER)


def test_keys_generate_prints_a_key_that_fernet_accepts():
    result = runner.invoke(cli, ["keys", "generate"])
    assert result.exit_code == 0
    Fernet(result.output.strip().encode())  # raises if it is not a valid key


def test_keys_rotate_reports_each_table_with_encrypted_fields(database_url, db):
    result = runner.invoke(cli, ["keys", "rotate"])
    assert result.exit_code == 0, result.output
    assert "newest key" in result.output
