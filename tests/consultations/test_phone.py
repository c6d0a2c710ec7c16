import pytest

from spinewise.consultations import phone


def test_a_local_number_is_read_in_the_clinics_country() -> None:
    assert phone.normalise("020 7946 0123", "GB") == "+442079460123"


def test_an_international_number_keeps_its_own_country() -> None:
    assert phone.normalise("+1 202 555 0143", "GB") == "+12025550143"


def test_brackets_and_dashes_are_accepted() -> None:
    assert phone.normalise("(020) 7946-0123", "GB") == "+442079460123"


@pytest.mark.parametrize("typed", ["", "   ", "hello", "123", "020 7946", "9" * 41])
def test_text_that_is_not_a_phone_number_is_refused(typed: str) -> None:
    with pytest.raises(phone.InvalidPhone):
        phone.normalise(typed, "GB")


def test_a_stored_number_reads_back_with_spaces_for_staff() -> None:
    assert phone.readable("+442079460123") == "+44 20 7946 0123"


def test_a_stored_number_that_cannot_be_parsed_is_shown_as_it_is() -> None:
    assert phone.readable("not a number") == "not a number"


def test_the_example_number_is_written_the_local_way() -> None:
    assert phone.example("GB").startswith("07")
