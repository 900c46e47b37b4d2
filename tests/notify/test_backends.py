"""SMS backends: the default writes texts to a file a day, never to the console."""

from minfu.notify.backends import FileSmsBackend


def test_the_file_backend_appends_each_text_to_the_days_file(settings, tmp_path):
    settings.MINFU_SMS_FILE_PATH = str(tmp_path / "texts")
    FileSmsBackend().send(to="0912345678", text="案號TPC-1150101-0001已收件。")
    FileSmsBackend().send(to="0987654321", text="第二則")
    [day_file] = (tmp_path / "texts").iterdir()
    lines = day_file.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 and "to 0912345678: 案號TPC-1150101-0001已收件。" in lines[0]
