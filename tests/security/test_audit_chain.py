"""Attacks on the audit trail: truncation, a rewritten chain, forged checkpoints (defect 3).

The attacker writes the database directly (raw SQL, past the ORM's append-only guard)
but holds neither the audit key nor the checkpoint files."""

import json
import shutil

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import connection, transaction

from wenming.audit.checkpoints import checkpoints_read
from wenming.audit.keys import audit_key
from wenming.audit.labels import action_label
from wenming.audit.models import AuditEvent, chain_hash, unkeyed_chain_hash
from wenming.audit.services import GENESIS, audit_record
from wenming.audit.verification import verify_chain
from wenming.registry.services import organization_update


@pytest.fixture(autouse=True)
def checkpoint_dir(settings, tmp_path):
    settings.AUDIT_CHECKPOINT_DIR = tmp_path / "checkpoints"
    return settings.AUDIT_CHECKPOINT_DIR


def change_names(world, cast, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        organization_update(acting_user=cast.city, organization=world.east_unit, name=f"Name {i}")


def rechain(hash_of) -> None:
    """Recompute the whole chain as an attacker would, with ``hash_of(prev, payload)``."""
    prev = GENESIS
    with connection.cursor() as cursor:
        for event in AuditEvent.objects.order_by("id"):
            digest = hash_of(prev, event.payload())
            cursor.execute(
                "UPDATE audit_auditevent SET prev_hash = %s, hash = %s WHERE id = %s",
                [prev, digest, event.pk],
            )
            prev = digest


def verify_fails(capsys) -> str:
    with pytest.raises(SystemExit) as exit_info:
        call_command("audit_verify")
    assert exit_info.value.code == 1
    return capsys.readouterr().err


def test_an_untouched_trail_passes_with_its_checkpoints(world, cast, capsys):
    change_names(world, cast, 3)
    call_command("audit_checkpoint")
    change_names(world, cast, 2, start=3)
    call_command("audit_checkpoint")
    out = capsys.readouterr().out
    assert "已写入检查点" in out
    call_command("audit_verify")
    out = capsys.readouterr().out
    assert "共校验 7 条事件" in out  # five changes and the two checkpoints' events
    assert "与 2 个签名检查点一致" in out
    result = verify_chain()
    assert (result.ok, result.count, result.problems) == (True, 7, [])
    assert result.head == AuditEvent.objects.order_by("id").last().hash


def test_deleting_the_newest_events_is_named(world, cast, capsys):
    change_names(world, cast, 6)
    call_command("audit_checkpoint")
    newest = list(AuditEvent.objects.order_by("-id").values_list("id", flat=True)[:3])
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM audit_auditevent WHERE id IN (%s, %s, %s)",
            newest,
        )
    # The chain that is left is whole: only the checkpoint shows what is missing.
    err = verify_fails(capsys)
    assert "最新的 3 条审计事件已被删除" in err
    assert "记录了 7 条，现有 4 条" in err  # six changes and the checkpoint's event
    assert "年" in err  # the checkpoint's time, as people read it


def test_a_chain_rewritten_with_plain_sha256_fails(world, cast, capsys):
    change_names(world, cast, 4)
    call_command("audit_checkpoint")
    rechain(unkeyed_chain_hash)
    err = verify_fails(capsys)
    assert "未加密钥的旧格式" in err
    last = AuditEvent.objects.order_by("id").last()
    assert f"审计链在第 {last.pk} 条被改写" in err


def test_a_chain_rewritten_with_a_wrong_key_fails_without_checkpoints(world, cast, capsys):
    change_names(world, cast, 4)
    rechain(lambda prev, payload: chain_hash(b"the attacker's guess", prev, payload))
    first = AuditEvent.objects.order_by("id").first()
    err = verify_fails(capsys)
    assert f"审计链在事件 #{first.pk} 处断开：该事件内容被改动" in err
    assert verify_chain().ok is False


def test_a_forged_checkpoint_is_named(world, cast, capsys, checkpoint_dir):
    change_names(world, cast, 3)
    call_command("audit_checkpoint")
    (path,) = checkpoint_dir.glob("checkpoints-*.jsonl")
    record = json.loads(path.read_text())
    record["count"] = 2  # an attacker who deleted an event lowers the checkpoint's count
    path.write_text(json.dumps(record) + "\n")
    err = verify_fails(capsys)
    assert f"检查点文件 {path.name} 第 1 行的签名不符" in err


def test_an_unreadable_checkpoint_line_is_named(world, cast, capsys, checkpoint_dir):
    change_names(world, cast, 1)
    call_command("audit_checkpoint")
    (path,) = checkpoint_dir.glob("checkpoints-*.jsonl")
    path.write_text(path.read_text() + '{"head_id": 1, "cou\n')
    err = verify_fails(capsys)
    assert f"检查点文件 {path.name} 第 2 行无法读取" in err


def test_without_a_key_and_debug_off_nothing_is_written(world, cast, settings):
    settings.AUDIT_HMAC_KEY = ""
    with pytest.raises(ImproperlyConfigured, match="AUDIT_HMAC_KEY"):
        organization_update(acting_user=cast.city, organization=world.east_unit, name="New")
    world.east_unit.refresh_from_db()
    assert world.east_unit.name == "East Unit"  # the change went with its event
    assert AuditEvent.objects.count() == 0


def test_without_a_key_debug_uses_the_development_key(world, cast, settings):
    settings.AUDIT_HMAC_KEY = ""
    settings.DEBUG = True
    change_names(world, cast, 2)
    assert verify_chain().ok


@pytest.mark.parametrize(
    ("key", "code"),
    [("", "audit.E001"), ("wenming-audit-development-key-not-secret", "audit.E002")],
)
def test_check_deploy_flags_a_missing_or_public_key(settings, db, key, code):
    # db: another deploy check (wenming.W002) counts the superusers.
    settings.AUDIT_HMAC_KEY = key
    with pytest.raises(SystemCheckError, match=code):
        call_command("check", "--deploy", "--tag", "security", "--fail-level", "ERROR")


def test_rekey_moves_an_unkeyed_chain_onto_the_key(world, cast, capsys):
    change_names(world, cast, 3)
    rechain(unkeyed_chain_hash)  # a database written before the chain was keyed
    change_names(world, cast, 1, start=3)  # and one event since the upgrade
    assert not verify_chain().ok
    call_command("audit_rekey")
    assert "已用密钥重写 4 条审计事件" in capsys.readouterr().out
    result = verify_chain()
    assert (result.ok, result.count, result.checkpoints) == (True, 6, 1)
    event = AuditEvent.objects.get(action="audit.rekey")
    assert event.after["events"] == 4


def test_rekey_refuses_a_broken_old_chain(world, cast, capsys):
    change_names(world, cast, 3)
    rechain(unkeyed_chain_hash)
    target = AuditEvent.objects.order_by("id")[1]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET actor_name = 'forged' WHERE id = %s", [target.pk]
        )
    with pytest.raises(SystemExit):
        call_command("audit_rekey")
    assert f"旧审计链在事件 #{target.pk} 处断开" in capsys.readouterr().err
    assert not AuditEvent.objects.filter(action="audit.rekey").exists()


def test_the_rekey_label_reads_in_chinese(world, cast):
    with transaction.atomic():
        event = audit_record(actor=None, action="audit.rekey", obj=world.east_unit)
    assert action_label(event.action) == "用密钥重写审计链"


def test_each_checkpoint_is_an_event_it_covers(world, cast):
    change_names(world, cast, 2)
    call_command("audit_checkpoint")
    event = AuditEvent.objects.order_by("id").last()
    assert (event.action, event.after["count"]) == ("audit.checkpoint", 3)
    assert action_label(event.action) == "写入审计检查点"
    (checkpoint,) = checkpoints_read(audit_key())[0]
    assert (checkpoint.head_id, checkpoint.head_hash, checkpoint.count) == (event.pk, event.hash, 3)


def test_deleting_the_checkpoints_and_the_newest_events_is_named(
    world, cast, capsys, checkpoint_dir
):
    change_names(world, cast, 3)
    call_command("audit_checkpoint")
    change_names(world, cast, 2, start=3)
    call_command("audit_checkpoint")
    last = AuditEvent.objects.filter(action="audit.checkpoint").order_by("id").last()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id >= %s", [last.pk - 2])
    shutil.rmtree(checkpoint_dir)
    err = verify_fails(capsys)
    assert "检查点文件缺失：审计链记录了 1 次检查点，现有 0 个" in err


def test_a_deleted_checkpoint_line_is_named(world, cast, capsys, checkpoint_dir):
    change_names(world, cast, 1)
    call_command("audit_checkpoint")
    call_command("audit_checkpoint")
    (path,) = checkpoint_dir.glob("checkpoints-*.jsonl")
    path.write_text(path.read_text().splitlines()[0] + "\n")
    err = verify_fails(capsys)
    assert "检查点文件缺失：审计链记录了 2 次检查点，现有 1 个" in err


def test_a_fresh_install_without_checkpoints_passes_with_the_warning(world, cast, capsys):
    change_names(world, cast, 2)
    call_command("audit_verify")
    out = capsys.readouterr().out
    assert "共校验 2 条事件" in out
    assert "没有找到检查点" in out


def test_rekey_refuses_a_keyed_chain_forged_as_plain_sha256(world, cast, capsys):
    change_names(world, cast, 3)
    call_command("audit_checkpoint")  # signed while the chain was keyed
    change_names(world, cast, 1, start=3)
    rechain(unkeyed_chain_hash)  # the attacker's forgery, which audit_verify calls old
    forged = list(AuditEvent.objects.order_by("id").values_list("id", "hash"))
    checkpoint = AuditEvent.objects.get(action="audit.checkpoint")
    with pytest.raises(SystemExit) as exit_info:
        call_command("audit_rekey")
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert "审计链被降级改写，未做任何改动" in err
    assert f"（事件 #{checkpoint.pk}）" in err
    assert list(AuditEvent.objects.order_by("id").values_list("id", "hash")) == forged
    assert not AuditEvent.objects.filter(action="audit.rekey").exists()


def test_no_checkpoint_is_written_over_an_old_chain(world, cast, capsys, checkpoint_dir):
    change_names(world, cast, 2)
    rechain(unkeyed_chain_hash)  # a database written before the chain was keyed
    with pytest.raises(SystemExit):
        call_command("audit_checkpoint")
    assert "请先运行 manage.py audit_rekey" in capsys.readouterr().err
    assert not checkpoint_dir.exists()
    call_command("audit_rekey")  # so the rekey is not refused as a downgrade
    assert verify_chain().ok
