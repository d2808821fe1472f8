"""The reference renderer: each archetype's records obey the digest's rules."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cais_sim.files.typed import read_data_file, read_tids_file
from cais_sim.populations.archetypes import (
    NEEDS_CORRESPONDENTS,
    archetype_names,
    build_archetype,
    build_population,
)
from cais_sim.populations.books import (
    Account,
    Books,
    Capacity,
    Firm,
    Fragment,
    Identifier,
    IdKind,
    NaturalPerson,
    PostalAddress,
    Role,
)
from cais_sim.populations.factories import HORIZON, FirmFactory, seeded
from cais_sim.populations.masking import FdidMasker, shares_run
from cais_sim.populations.render import (
    RenderError,
    RenderOptions,
    check_fdid,
    iter_render,
    render,
    render_address,
    render_ltid,
)
from cais_sim.spec.enums import (
    AccountType,
    AddrType,
    EndReason,
    FdidType,
    ForeignTidType,
    LegalEntityCustomerType,
    NaturalPersonCustomerType,
    TidType,
)
from cais_sim.spec.enums import (
    Role as CaisRole,
)
from cais_sim.spec.records import (
    DataFile,
    FdidCustomer,
    FdidRecord,
    LegalEntityCustomer,
    NaturalPersonCustomer,
    TidRecord,
    TidsFile,
)
from cais_sim.spec.tid import tid_for_ein, tid_for_itin, tid_for_ssn

AS_OF = HORIZON
NP = NaturalPersonCustomerType
LE = LegalEntityCustomerType


@dataclass
class Rendered:
    """A rendered archetype with lookups by customerRecordID."""

    firm: Firm
    fragment: Fragment
    data: DataFile
    tids: TidsFile

    @property
    def fdids(self) -> tuple[FdidRecord, ...]:
        return self.data.fdid_records

    def customer(self, crid: int) -> NaturalPersonCustomer | LegalEntityCustomer:
        for record in (*self.data.natural_persons, *self.data.legal_entities):
            if record.customer_record_id == crid:
                return record
        raise KeyError(crid)

    def tid(self, crid: int) -> TidRecord:
        return next(t for t in self.tids.tid_records if t.customer_record_id == crid)

    def links(self, index: int = 0) -> tuple[FdidCustomer, ...]:
        return self.fdids[index].fdid_customer_list


def _build(name: str, seed: int = 11, *, clearing: bool = False,
           options: RenderOptions | None = None) -> Rendered:
    with seeded(seed):
        firm = FirmFactory(clearing=clearing)
        fragment = build_archetype(name, firm)
    books = Books.of(firm, [fragment])
    assert books.problems() == []
    submission = render(books, as_of=AS_OF, options=options)
    pair = submission.pairs[-1]
    return Rendered(firm, fragment, pair.data, pair.tids)


def _check_links(r: Rendered) -> None:
    """Cross-record rules every rendering must obey."""
    crids = {c.customer_record_id for c in (*r.data.natural_persons, *r.data.legal_entities)}
    assert crids == {t.customer_record_id for t in r.tids.tid_records}  # [S1 §5.1.3.2 r1]
    linked = {c.customer_record_id for f in r.fdids for c in f.fdid_customer_list}
    assert linked == crids  # every Customer linked, every link resolvable [22041, 22523]
    for record in r.fdids:
        check_fdid(record.firm_designated_id)
        assert record.address_list[0].addr_type is AddrType.ADDRESS1  # [22055]
        for link in record.fdid_customer_list:
            if link.role in (CaisRole.AUTH3RD, CaisRole.AUTHREP):
                assert link.has_discretion is not None  # [22061]
            else:
                assert not link.has_discretion
            if record.fdid_end_date is not None and link.role_end_date is not None:
                assert link.role_end_date <= record.fdid_end_date  # [22067]
        if record.fdid_type is not FdidType.ACCOUNT:
            assert {c.role for c in record.fdid_customer_list} <= {CaisRole.TRDHOLDER}
    for account in r.fragment.accounts:
        for record in r.fdids:
            assert record.firm_designated_id != account.account_number or account.proprietary


def _roles(r: Rendered, index: int = 0) -> list[CaisRole]:
    return [c.role for c in r.links(index)]


# --- one test per structure -----------------------------------------------------------------


def test_individual_is_trading_holder_with_ssn_tid() -> None:
    r = _build("individual")
    _check_links(r)
    holder = r.fragment.parties[0]
    assert isinstance(holder, NaturalPerson)
    assert _roles(r) == [CaisRole.TRDHOLDER]
    tid = r.tid(r.links()[0].customer_record_id)
    assert tid.tid_type is TidType.SSN_ITIN
    assert tid.tid_value == tid_for_ssn(holder.identifiers[0].value)
    person = r.customer(tid.customer_record_id)
    assert isinstance(person, NaturalPersonCustomer)
    assert NP.FOREIGN not in person.customer_type


def test_itin_individual_hashes_the_itin() -> None:
    r = _build("individual_itin")
    holder = r.fragment.parties[0]
    tid = r.tids.tid_records[0]
    assert tid.tid_type is TidType.SSN_ITIN
    assert tid.tid_value == tid_for_itin(holder.identifiers[0].value)


def test_foreign_individual_uses_national_id_over_passport() -> None:
    r = _build("foreign_individual")
    _check_links(r)
    tid = r.tids.tid_records[0]
    # FAQ Q57: national ID ranks above passport; the country travels separately, never US.
    assert tid.tid_type is TidType.FOREIGN
    assert tid.foreign_tid_type is ForeignTidType.NATIONALID
    assert tid.foreign_tid_country_cd not in (None, "US")
    person = r.data.natural_persons[0]
    assert NP.FOREIGN in person.customer_type


def test_single_name_person_reports_nnve() -> None:
    r = _build("single_name_person")
    person = r.data.natural_persons[0]
    holder = r.fragment.parties[0]
    assert person.first_name == "NNVE"
    assert person.last_name == holder.last_name  # type: ignore[union-attr]


def test_military_address() -> None:
    r = _build("military_address")
    for address in (r.fdids[0].address_list[0], r.data.natural_persons[0].address_list[0]):
        assert address.city in ("APO", "DPO", "FPO")
        assert address.region_code in ("US-AA", "US-AE", "US-AP")
        assert address.country_code == "US"


def test_joint_account_with_power_of_attorney() -> None:
    r = _build("joint_with_poa")
    _check_links(r)
    assert _roles(r) == [CaisRole.TRDHOLDER, CaisRole.TRDHOLDER, CaisRole.AUTH3RD]
    assert r.links()[2].has_discretion is True
    assert len(r.data.natural_persons) == 3


def test_trust_with_trustees() -> None:
    r = _build("trust_with_trustees")
    _check_links(r)
    assert _roles(r) == [CaisRole.TRDHOLDER, CaisRole.AUTH3RD, CaisRole.AUTH3RD]
    trust = r.customer(r.links()[0].customer_record_id)
    assert isinstance(trust, LegalEntityCustomer)
    assert LE.TRUST in trust.customer_type
    assert trust.ein is not None
    assert r.tid(trust.customer_record_id).tid_value == tid_for_ein(trust.ein)


def test_foreign_trust_without_identifier_has_no_customer_record() -> None:
    r = _build("foreign_trust_no_id")
    _check_links(r)
    assert r.data.legal_entities == ()
    assert _roles(r) == [CaisRole.AUTH3RD, CaisRole.AUTH3RD]  # FAQ Q63
    assert all(c.has_discretion for c in r.links())
    assert all(NP.TRUST in p.customer_type for p in r.data.natural_persons)


def test_disregarded_entity_sharing_parent_ein_is_one_customer() -> None:
    r = _build("disregarded_entity_shared_ein")
    _check_links(r)
    assert len(r.data.legal_entities) == 1  # FAQ Q69
    assert _roles(r) == [CaisRole.TRDHOLDER]
    child = r.fragment.parties[1]
    assert r.data.legal_entities[0].legal_name == child.legal_name  # type: ignore[union-attr]


def test_disregarded_entity_with_own_ein_reports_both() -> None:
    r = _build("disregarded_entity_own_ein")
    _check_links(r)
    eins = {e.ein for e in r.data.legal_entities}
    assert len(r.data.legal_entities) == 2
    assert len(eins) == 2


def test_trusts_sharing_ssn_report_the_person_with_dba() -> None:
    r = _build("trusts_sharing_ssn")
    _check_links(r)
    assert r.data.legal_entities == ()
    assert len(r.data.natural_persons) == 1
    person = r.data.natural_persons[0]
    trust_names = {p.legal_name for p in r.fragment.parties if not isinstance(p, NaturalPerson)}
    assert person.doing_business_as in trust_names
    assert NP.TRUST in person.customer_type
    assert _roles(r) == [CaisRole.TRDHOLDER]


def test_sole_proprietorship_uses_dba() -> None:
    r = _build("sole_proprietorship")
    _check_links(r)
    person = r.data.natural_persons[0]
    assert person.doing_business_as is not None
    assert NP.TRUST not in person.customer_type
    assert _roles(r) == [CaisRole.TRDHOLDER]


def test_minor_with_public_administrator() -> None:
    r = _build("minor_public_administrator")
    _check_links(r)
    assert _roles(r) == [CaisRole.TRDHOLDER]  # FAQ Q68
    assert r.data.natural_persons[0].doing_business_as == "PUBLIC ADMINISTRATOR"
    guardian = r.fragment.parties[1]
    names = [n.auth_trader_name for n in r.fdids[0].auth_trader_names_list]
    assert names == [guardian.display_name]  # type: ignore[union-attr]


def test_ugma_custodial_account() -> None:
    r = _build("ugma_custodial")
    _check_links(r)
    assert _roles(r) == [CaisRole.NTHOLDER, CaisRole.AUTH3RD]
    assert AccountType.UGMA_UTMA in r.fdids[0].account_type


def test_names_only_trader_goes_to_the_names_list() -> None:
    r = _build("names_only_trader")
    _check_links(r)
    assert len(r.data.natural_persons) == 1
    assert len(r.fdids[0].auth_trader_names_list) == 1


def test_entity_authorized_trader_leaves_out_undesignated_employees() -> None:
    r = _build("entity_authorized_trader")
    _check_links(r)
    assert _roles(r) == [CaisRole.TRDHOLDER, CaisRole.AUTH3RD, CaisRole.AUTH3RD]  # FAQ Q56
    adviser = r.data.legal_entities[0]
    assert LE.ADVISER in adviser.customer_type
    assert len(r.data.natural_persons) == 2


def test_firm_with_discretion_is_authrep_with_form_bd_address() -> None:
    r = _build("firm_discretion")
    _check_links(r)
    assert _roles(r) == [CaisRole.TRDHOLDER, CaisRole.AUTHREP, CaisRole.AUTHREP]
    assert r.links()[1].has_discretion is True
    firm_record = r.data.legal_entities[0]
    assert firm_record.ein == r.firm.ein
    assert LE.BD in firm_record.customer_type
    assert firm_record.address_list[0] == render_address(r.firm.form_bd_address,
                                                         AddrType.ADDRESS1)
    employee = r.customer(r.links()[2].customer_record_id)
    assert NP.EMPLOYEE in employee.customer_type  # type: ignore[operator]


def test_proprietary_accounts_share_one_firm_customer() -> None:
    r = _build("proprietary")
    _check_links(r)
    kinds = [f.account_type for f in r.fdids]
    assert kinds == [(AccountType.FIRM,), (AccountType.ERROR,), (AccountType.AVERAGE,),
                     (AccountType.MARKET,)]
    assert len(r.data.legal_entities) == 1  # S1 §3.9 option 1: one record, four links
    assert {c.customer_record_id for f in r.fdids for c in f.fdid_customer_list} == {
        r.data.legal_entities[0].customer_record_id}
    assert all(_roles(r, i) == [CaisRole.TRDHOLDER] for i in range(4))


def test_dvp_account_names_its_custodians() -> None:
    for seed in range(6):
        r = _build("dvp_rvp_institution", seed)
        _check_links(r)
        record = r.fdids[0]
        account = r.fragment.accounts[0]
        assert AccountType.DVP_RVP in record.account_type
        expected = []
        for custodian in account.custodians:
            value = {"foreign": "FOR", "unassigned": "DTCRM"}.get(custodian.kind.value,
                                                                 custodian.number)
            if value not in expected:
                expected.append(value)
        assert list(record.dvp_custodian_id) == expected


def test_corporate_account_with_officer() -> None:
    r = _build("corporate")
    _check_links(r)
    assert _roles(r) == [CaisRole.TRDHOLDER, CaisRole.AUTH3RD]
    assert NP.CP in r.data.natural_persons[0].customer_type


def test_foreign_entity_follows_hierarchy_and_reports_lei() -> None:
    for seed in range(6):
        r = _build("foreign_entity", seed)
        entity = r.fragment.parties[0]
        record = r.data.legal_entities[0]
        tid = r.tids.tid_records[0]
        assert tid.foreign_tid_type is ForeignTidType.NATIONALID  # outranks LEI (FAQ Q57)
        assert LE.FOREIGN in record.customer_type
        lei = next((i.value for i in entity.identifiers if i.kind is IdKind.LEI), None)
        assert record.lei == lei
        assert record.ein is None


def test_large_trader_links() -> None:
    r = _build("large_trader")
    _check_links(r)
    first, second = r.fdids[0].large_trader_list
    assert first.ltid_end_reason is EndReason.ENDED
    assert second.ltid_end_date is None
    assert first.ltid_end_date == second.ltid_effective_date


def test_relationship_id_with_ultid() -> None:
    r = _build("relationship_id")
    _check_links(r)
    record = r.fdids[0]
    assert record.fdid_type is FdidType.RELATIONSHIP
    assert AccountType.RELATIONSHIP in record.account_type
    assert record.large_trader_list[0].large_trader_id.startswith("ULT")


def test_entity_id() -> None:
    r = _build("entity_id")
    _check_links(r)
    assert r.fdids[0].fdid_type is FdidType.ENTITYID
    assert r.fdids[0].account_type == (AccountType.ENTITYID,)
    assert _roles(r) == [CaisRole.TRDHOLDER, CaisRole.TRDHOLDER]


def test_correspondent_account_replicates_authrep_and_employee() -> None:
    r = _build("correspondent_account", clearing=True)
    _check_links(r)
    assert r.data.header.correspondent_crd in r.firm.correspondents
    assert r.fdids[0].branch_office_crd is None  # [S1 §5.1.3.1 r31]
    assert _roles(r) == [CaisRole.TRDHOLDER, CaisRole.AUTHREP]  # FAQ Q62
    assert NP.EMPLOYEE in r.customer(r.links()[1].customer_record_id).customer_type  # type: ignore[operator]
    flipped = _build("correspondent_account", clearing=True,
                     options=RenderOptions(replicate_correspondent_roles=False))
    assert _roles(flipped) == [CaisRole.TRDHOLDER, CaisRole.AUTH3RD]
    rep = flipped.customer(flipped.links()[1].customer_record_id)
    assert NP.OTHBKR in rep.customer_type  # type: ignore[operator]


@pytest.mark.parametrize(("name", "reason"), [("closed_account", EndReason.ENDED),
                                              ("inactive_account", EndReason.INACTIVE),
                                              ("acats_transfer_out", EndReason.ENDED),
                                              ("mass_transfer_out", EndReason.TRANSFER)])
def test_ended_accounts_end_their_roles_alike(name: str, reason: EndReason) -> None:
    r = _build(name)
    _check_links(r)
    record = r.fdids[0]
    assert record.fdid_end_reason is reason
    assert record.prior_cat_reporter_crd is None
    for link in record.fdid_customer_list:
        assert link.role_end_date == record.fdid_end_date
        assert link.role_end_reason is reason


def test_reactivated_account_has_no_end() -> None:
    r = _build("reactivated_account")
    assert r.fdids[0].fdid_end_date is None
    assert r.links()[0].role_end_date is None


def test_reopened_account_is_redated() -> None:
    r = _build("reopened_account")
    record = r.fdids[0]
    opened = r.fragment.accounts[0].opened
    assert record.fdid_end_date is None
    assert record.fdid_date > int(opened.strftime("%Y%m%d"))  # [S1 §5.1.3.1 r37]
    assert r.links()[0].role_start_date == record.fdid_date


def test_fdid_replacement() -> None:
    r = _build("fdid_replacement")
    _check_links(r)
    old, new = r.fdids
    assert old.fdid_end_reason is EndReason.REPLACED
    assert old.replaced_by_fdid == new.firm_designated_id != old.firm_designated_id
    assert new.fdid_date == old.fdid_end_date  # not before the new fdidDate (23005)
    assert old.fdid_customer_list[0].role_end_reason is EndReason.REPLACED
    assert new.fdid_customer_list[0].role_end_date is None


def test_address_change_reports_the_new_address() -> None:
    r = _build("address_change")
    event = r.fragment.events[0]
    assert r.fdids[0].address_list == (render_address(event.addresses[0],  # type: ignore[union-attr]
                                                      AddrType.ADDRESS1),)
    assert r.data.natural_persons[0].address_list == r.fdids[0].address_list


def test_role_change_ends_old_role_and_starts_new() -> None:
    r = _build("role_change")
    _check_links(r)
    links = r.links()
    second = [c for c in links if c.customer_record_id == links[1].customer_record_id]
    assert [c.role for c in second] == [CaisRole.AUTH3RD, CaisRole.TRDHOLDER]
    assert second[0].role_end_reason is EndReason.ENDED
    assert second[0].role_end_date == second[1].role_start_date  # overlap ≤ 1 day (22042)


def test_identifier_replacement_links_old_and_new_tids() -> None:
    r = _build("identifier_replacement")
    _check_links(r)
    old_link, new_link = r.links()
    assert old_link.role_end_reason is EndReason.REPLACED
    assert new_link.role_start_date == old_link.role_start_date  # original start [S1 §3.2]
    old_tid, new_tid = r.tid(old_link.customer_record_id), r.tid(new_link.customer_record_id)
    assert old_tid.replaced_by_tid == new_tid.tid_value
    assert old_tid.replaced_by_tid_type is TidType.SSN_ITIN
    assert new_tid.replaced_by_tid is None


def test_identifier_correction_ends_at_its_start() -> None:
    r = _build("identifier_correction")
    _check_links(r)
    old_link, new_link = r.links()
    assert old_link.role_end_reason is EndReason.CORRECTION
    assert old_link.role_end_date == old_link.role_start_date
    assert r.tid(old_link.customer_record_id).replaced_by_tid is None
    assert new_link.role_end_date is None


def test_identifier_unknown_change_ends_other() -> None:
    r = _build("identifier_unknown_change")
    old_link, new_link = r.links()
    assert old_link.role_end_reason is EndReason.OTHER
    assert new_link.role_start_date == old_link.role_end_date
    assert r.tid(old_link.customer_record_id).replaced_by_tid is None


def test_mass_transfer_in_names_prior_reporter() -> None:
    r = _build("mass_transfer_in")
    account = r.fragment.accounts[0]
    assert account.acquired is not None
    assert r.fdids[0].prior_cat_reporter_crd == account.acquired.prior_crd
    assert r.fdids[0].prior_cat_reporter_fdid == account.acquired.prior_fdid


def test_every_archetype_has_a_test_here() -> None:
    covered = {"individual", "individual_itin", "foreign_individual", "single_name_person",
               "military_address", "joint_with_poa", "trust_with_trustees",
               "foreign_trust_no_id", "disregarded_entity_shared_ein",
               "disregarded_entity_own_ein", "trusts_sharing_ssn", "sole_proprietorship",
               "minor_public_administrator", "ugma_custodial", "names_only_trader",
               "entity_authorized_trader", "firm_discretion", "proprietary",
               "dvp_rvp_institution", "corporate", "foreign_entity", "large_trader",
               "relationship_id", "entity_id", "correspondent_account", "closed_account",
               "inactive_account", "reactivated_account", "reopened_account",
               "fdid_replacement", "address_change", "role_change", "identifier_replacement",
               "identifier_correction", "identifier_unknown_change", "acats_transfer_out",
               "mass_transfer_out", "mass_transfer_in"}
    assert covered == set(archetype_names())


# --- renderer behaviour beyond archetypes ---------------------------------------------------


def _tiny_books(**account_extra: object) -> Books:
    with seeded(3):
        firm = FirmFactory()
    home = PostalAddress(("1 Main Street",), "Albany", "US", "NY", "12207")
    person = NaturalPerson("p1", "Doe", "Jane", year_of_birth=1970, addresses=(home,),
                           identifiers=(_ssn_identifier(),))
    account = Account("1234567890", "Jane Doe", dt.date(2020, 1, 2),
                      roles=(Role("p1", Capacity.HOLDER, dt.date(2020, 1, 2)),),
                      **account_extra)  # type: ignore[arg-type]
    return Books(firm, (person,), (account,))


def _ssn_identifier() -> Identifier:
    return Identifier(IdKind.SSN, "123-45-6780")


def test_bare_us_region_is_written_in_iso_form() -> None:
    books = _tiny_books()
    data = render(books, as_of=AS_OF).data
    assert data.natural_persons[0].address_list[0].region_code == "US-NY"
    # No account address: one holder's mailing address stands in (FAQ Q44/Q45).
    assert data.fdid_records[0].address_list == data.natural_persons[0].address_list


def test_customer_account_number_is_never_the_fdid() -> None:
    with pytest.raises(RenderError, match="cannot be its FDID"):
        render(_tiny_books(fdid="1234567890"), as_of=AS_OF)
    fdid = render(_tiny_books(), as_of=AS_OF).data.fdid_records[0].firm_designated_id
    assert not shares_run(fdid, "1234567890")


@pytest.mark.parametrize("bad", ["PENDING", "pending", " lead", "a|b", "x@y", "a,b", 'q"t',
                                 "back\\slash", "", "x" * 41])
def test_check_fdid_refuses_bad_values(bad: str) -> None:
    with pytest.raises(RenderError):
        check_fdid(bad)


def test_accounts_opened_after_as_of_are_left_out() -> None:
    books = _tiny_books()
    assert render(books, as_of=dt.date(2019, 12, 31)).data.fdid_records == ()


def test_ltid_phase_renders_only_large_trader_accounts() -> None:
    with seeded(5):
        firm = FirmFactory(ltid_phase=True)
        fragments = [build_archetype(n, firm) for n in
                     ("individual", "large_trader", "relationship_id", "entity_id")]
    ltid = render_ltid(Books.of(firm, fragments), as_of=AS_OF)
    assert ltid.header.version == "1.0.0"
    assert [r.fdid_type for r in ltid.fdid_records] == [FdidType.ACCOUNT, FdidType.RELATIONSHIP]
    assert len(ltid.fdid_records[0].large_trader_list) == 2


def test_ltid_file_round_trips(tmp_path: Path) -> None:
    from cais_sim.files.typed import iter_typed
    from cais_sim.spec.records_v1 import FdidRecordV1
    with seeded(6):
        firm = FirmFactory(ltid_phase=True)
        fragment = build_archetype("large_trader", firm)
    ltid = render_ltid(Books.of(firm, [fragment]), as_of=AS_OF)
    path = ltid.write(tmp_path, generation_date=dt.date(2024, 7, 1))
    back = [r for r in iter_typed(path) if isinstance(r, FdidRecordV1)]
    assert tuple(back) == ltid.fdid_records


def _population(seed: int, clearing: bool = True) -> Books:
    with seeded(seed):
        firm = FirmFactory(clearing=clearing)
    names = [n for n in archetype_names() if clearing or n not in NEEDS_CORRESPONDENTS]
    return build_population(firm, dict.fromkeys(names, 2), seed=seed)


def test_written_pair_reads_back_equal(tmp_path: Path) -> None:
    submission = render(_population(21), as_of=AS_OF)
    assert len(submission.pairs) >= 2  # the firm's own file and a correspondent's
    paths = submission.write(tmp_path, generation_date=dt.date(2024, 7, 1))
    for pair, (data_path, tids_path) in zip(submission.pairs, paths, strict=True):
        assert read_data_file(data_path) == pair.data
        assert read_tids_file(tids_path) == pair.tids


def _digest(directory: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(directory.iterdir())}


def test_same_seed_gives_identical_bytes(tmp_path: Path) -> None:
    for run in ("a", "b"):
        render(_population(8), as_of=AS_OF).write(tmp_path / run,
                                                  generation_date=dt.date(2024, 7, 1))
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b")
    render(_population(9), as_of=AS_OF).write(tmp_path / "c", generation_date=dt.date(2024, 7, 1))
    assert _digest(tmp_path / "c") != _digest(tmp_path / "a")


def test_masker_seed_changes_every_masked_fdid() -> None:
    books = _population(4, clearing=False)
    explicit = {a.fdid for a in books.accounts if a.fdid is not None}
    one = render(books, as_of=AS_OF, masker=FdidMasker(seed=1)).data.fdid_records
    two = render(books, as_of=AS_OF, masker=FdidMasker(seed=2)).data.fdid_records
    for a, b in zip(one, two, strict=True):
        if a.firm_designated_id in explicit:
            assert a.firm_designated_id == b.firm_designated_id
        else:
            assert a.firm_designated_id != b.firm_designated_id


def test_streaming_gives_the_same_fdids_as_whole_rendering() -> None:
    books = _population(13)
    whole = render(books, as_of=AS_OF)
    streamed: dict[int | None, list[str]] = {}
    for entity in iter_render(books, as_of=AS_OF):
        streamed.setdefault(entity.correspondent_crd, []).extend(
            f.firm_designated_id for f in entity.fdid_records)
    for pair in whole.pairs:
        key = pair.data.header.correspondent_crd
        assert streamed[key] == [f.firm_designated_id for f in pair.data.fdid_records]


def test_excluding_ended_history() -> None:
    books = _population(17, clearing=False)
    data = render(books, as_of=AS_OF, options=RenderOptions(include_ended=False)).data
    assert all(f.fdid_end_date is None for f in data.fdid_records)
    assert all(c.role_end_date is None for f in data.fdid_records for c in f.fdid_customer_list)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(names=st.lists(st.sampled_from(archetype_names()), min_size=1, max_size=6),
       seed=st.integers(0, 2**32), clearing=st.booleans(),
       days=st.integers(-4000, 400))
def test_any_population_renders(names: list[str], seed: int, clearing: bool, days: int) -> None:
    with seeded(seed):
        firm = FirmFactory(clearing=clearing)
    if not clearing:
        names = [n for n in names if n != "correspondent_account"] or ["individual"]
    books = build_population(firm, [(n, 1) for n in names], seed=seed)
    as_of = AS_OF + dt.timedelta(days=days)
    submission = render(books, as_of=as_of)
    for pair in submission.pairs:
        _check_links(Rendered(firm, books.fragment(), pair.data, pair.tids))
        for record in pair.data.fdid_records:
            assert record.fdid_date <= int(as_of.strftime("%Y%m%d"))
    render_ltid(books, as_of=as_of)


def test_simulated_cais_accepts_every_archetype(tmp_path: Path) -> None:
    """End to end: the simulated CAIS returns no rejection and no TIDS warning."""
    from cais_sim.backend.calendar import ET
    from cais_sim.backend.clock import SimulatedClock
    from cais_sim.simulator import Simulator

    books = _population(31)
    firm = books.firm
    sim = Simulator(clock=SimulatedClock(dt.datetime(2024, 7, 1, 7, 0, tzinfo=ET)))
    sim.add_firm(firm.crd, submitter_id=firm.submitter_id)
    for correspondent in firm.correspondents:
        sim.add_firm(correspondent)
        sim.add_correspondent(firm.crd, correspondent)
    submission = render(books, as_of=AS_OF)
    for data_path, tids_path in submission.write(tmp_path, generation_date=dt.date(2024, 7, 1)):
        result = sim.submit(data_path, tids_path)
        assert result.codes == []
        assert result.status == "COMPLETED_WITHOUT_REJECTIONS"


def test_streaming_renderer_keeps_numbering_across_fragments() -> None:
    from cais_sim.populations.masking import RecordIds
    from cais_sim.populations.render import Renderer

    with seeded(40):
        firm = FirmFactory()
        fragments = [build_archetype("joint_with_poa", firm) for _ in range(3)]
    renderer = Renderer(firm, as_of=AS_OF, ids={None: RecordIds(next_fdid=10,
                                                                next_customer=100)})
    entities = [e for fragment in fragments for e in renderer.render_fragment(fragment)]
    assert [f.fdid_record_id for e in entities for f in e.fdid_records] == [10, 11, 12]
    crids = [t.customer_record_id for e in entities for t in e.tid_records]
    assert crids == list(range(100, 109))
    assert all(e.record_count == 1 + 3 + 3 for e in entities)


def test_every_applicable_customer_type_is_listed_once_in_list_order() -> None:
    with seeded(3):
        firm = FirmFactory()
    abroad = PostalAddress(("10 High Street",), "Leeds", "GB", None, "LS1 1AA")
    person = NaturalPerson("p1", "Doe", "Jane", year_of_birth=1970, addresses=(abroad,),
                           identifiers=(Identifier(IdKind.PASSPORT, "AB1234567", "GB"),),
                           employer_crd=firm.crd, accredited=True, adviser_associated=True,
                           control_person=True)
    account = Account("1234567890", "Jane Doe", dt.date(2020, 1, 2),
                      roles=(Role("p1", Capacity.HOLDER, dt.date(2020, 1, 2)),))
    (record,) = render(Books(firm, (person,), (account,)), as_of=AS_OF).data.natural_persons
    assert record.customer_type == (NP.ACCREDITED, NP.ADVISER, NP.CP, NP.EMPLOYEE, NP.FOREIGN)


@given(names=st.lists(st.sampled_from(archetype_names()), min_size=1, max_size=4),
       seed=st.integers(0, 1000))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_customer_types_are_sorted_and_distinct(names: list[str], seed: int) -> None:
    with seeded(seed):
        firm = FirmFactory(clearing=True)
        fragments = [build_archetype(name, firm) for name in names]
    for pair in render(Books.of(firm, fragments), as_of=AS_OF).pairs:
        lists: list[tuple[tuple[str, ...], list[str]]] = [
            (c.customer_type, [str(t) for t in NP]) for c in pair.data.natural_persons]
        lists += [(c.customer_type, [str(t) for t in LE]) for c in pair.data.legal_entities]
        for types, order in lists:
            ranks = [order.index(t) for t in types]
            assert ranks == sorted(set(ranks))  # distinct values, in list order
            assert "NOTAPPLICABLE" not in types or len(types) == 1  # [S1 §5.1.3.2 r13]
