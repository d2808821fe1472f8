"""Ready-made submission pairs built with the records API.

* :func:`spec_5_1_5_example` rebuilds the sample submission of the Full CAIS specification
  §5.1.5 (digest j.3 item 1): a clearing firm, reporting through an agent for one
  correspondent, with three FDIDs of the three FDID types, three Natural Person and one
  Legal Entity Customer, and two correction actions. The structure, identifiers, roles,
  dates and codes are those the digest records; values it does not record (names, street
  lines, most dates) are illustrative. Like every TID in the specification, the TIDs here
  come from out-of-range SSNs, so CAIS would reject them (24906 → 22900).
* :func:`demo_pair` is a small, valid population used by ``cais-sim demo``: every
  identifier is synthetic, in range, and present only as its hash.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from cais_sim.spec.enums import (
    AccountType,
    AddrType,
    CorrectionAction,
    EndReason,
    FdidType,
    FileKind,
    ForeignTidType,
    LegalEntityCustomerType,
    NaturalPersonCustomerType,
    Role,
    TidType,
)
from cais_sim.spec.naming import SubmissionName
from cais_sim.spec.records import (
    Address,
    CorrectionActionRecord,
    DataFile,
    DataFileHeader,
    FdidCustomer,
    FdidRecord,
    LargeTrader,
    LegalEntityCustomer,
    NaturalPersonCustomer,
    TidRecord,
    TidsFile,
)
from cais_sim.spec.tid import tid_for_ein, tid_for_foreign, tid_for_ssn


@dataclass(frozen=True, slots=True)
class ExamplePair:
    """A submission pair held in memory, with the names it is written under."""

    data_name: SubmissionName
    data: DataFile
    tids: TidsFile

    @property
    def tids_name(self) -> SubmissionName:
        return self.data_name.partner()


def _us(addr_type: AddrType, line1: str, city: str, region: str, postal: str,
        line2: str | None = None) -> Address:
    return Address(addr_type=addr_type, addr_line1=line1, addr_line2=line2, city=city,
                   region_code=region, country_code="US", postal_code=postal)


def spec_5_1_5_example() -> ExamplePair:
    """The §5.1.5 sample: clearing firm 123456 via agent 99999 for correspondent 3210."""
    a1 = AddrType.ADDRESS1
    a2 = AddrType.ADDRESS2
    a3 = AddrType.ADDRESS3
    fdid1 = FdidRecord(
        fdid_record_id=1,
        firm_designated_id="EZAccount123",
        fdid_type=FdidType.ACCOUNT,
        account_type=(AccountType.OPTION,),
        account_name="EZ Joint Account",
        fdid_date=20190101,
        address_list=(
            _us(a1, "100 Main Street", "New York", "US-NY", "10001"),
            _us(a2, "200 Second Avenue", "Hoboken", "US-NJ", "07030", line2="Apt 5"),
        ),
        large_trader_list=(
            LargeTrader(large_trader_record_id=1, large_trader_id="12345678-9012",
                        ltid_effective_date=20190101),
            LargeTrader(large_trader_record_id=2, large_trader_id="ULT00001-0001",
                        ltid_effective_date=20190115),
        ),
        fdid_customer_list=(
            FdidCustomer(customer_record_id=1, role=Role.TRDHOLDER, role_start_date=20190101),
            FdidCustomer(customer_record_id=4, role=Role.TRDHOLDER, role_start_date=20190101),
            FdidCustomer(customer_record_id=15, role=Role.AUTHREP, has_discretion=True,
                         role_start_date=20190201),
        ),
    )
    fdid2 = FdidRecord(
        fdid_record_id=2,
        firm_designated_id="MyTestEntity",
        fdid_type=FdidType.ENTITYID,
        account_type=(AccountType.ENTITYID,),
        account_name="Aggregation Entity",
        fdid_date=20180601,
        fdid_end_date=20191201,
        fdid_end_reason=EndReason.ENDED,
        address_list=(_us(a1, "300 Broad Street", "New York", "US-NY", "10004"),),
    )
    fdid3 = FdidRecord(
        fdid_record_id=3,
        firm_designated_id="InternalRel",
        fdid_type=FdidType.RELATIONSHIP,
        account_type=(AccountType.RELATIONSHIP,),
        account_name="Internal Relationship",
        fdid_date=20190301,
        address_list=(
            _us(a1, "400 Park Avenue", "New York", "US-NY", "10022"),
            _us(a2, "500 Market Street", "Philadelphia", "US-PA", "19106"),
            Address(addr_type=a3, addr_line1="1 High Street", city="Guildford",
                    region_code="SURREY", country_code="GB", postal_code="GU1 3AA"),
        ),
        large_trader_list=(
            LargeTrader(large_trader_record_id=1, large_trader_id="23456789-0123",
                        ltid_effective_date=20190301),
            LargeTrader(large_trader_record_id=2, large_trader_id="34567890-1234",
                        ltid_effective_date=20190301),
            LargeTrader(large_trader_record_id=3, large_trader_id="ULT00002-0002",
                        ltid_effective_date=20190401),
        ),
        fdid_customer_list=(
            FdidCustomer(customer_record_id=2, role=Role.TRDHOLDER, role_start_date=20190301),
        ),
    )
    home = _us(AddrType.ADDRESS1, "100 Main Street", "New York", "US-NY", "10001")
    np_type = (NaturalPersonCustomerType.NOTAPPLICABLE,)
    people = (
        NaturalPersonCustomer(customer_record_id=1, first_name="John", middle_name="William",
                              last_name="Doe", year_of_birth=1970, address_list=(home,),
                              customer_type=np_type),
        NaturalPersonCustomer(customer_record_id=4, first_name="Jane", last_name="Doe",
                              year_of_birth=1972, address_list=(home,), customer_type=np_type),
        NaturalPersonCustomer(
            customer_record_id=15, first_name="Rita", last_name="Rep",
            name_suffix=None, year_of_birth=1980,
            address_list=(_us(AddrType.ADDRESS1, "300 Broad Street", "New York", "US-NY",
                              "10004"),),
            customer_type=(NaturalPersonCustomerType.EMPLOYEE,)),
    )
    entity = LegalEntityCustomer(
        customer_record_id=2, legal_name="Surrey Holdings Ltd",
        address_list=(Address(addr_type=AddrType.ADDRESS1, addr_line1="1 High Street",
                              city="Guildford", region_code="SURREY", country_code="GB",
                              postal_code="GU1 3AA"),),
        customer_type=(LegalEntityCustomerType.FOREIGN,),
    )
    corrections = (
        CorrectionActionRecord(rejection_id=1127, correction_action=CorrectionAction.CORRECTION,
                               correcting_firm_designated_id="EZAccount123"),
        CorrectionActionRecord(rejection_id=821, correction_action=CorrectionAction.DELETE),
    )
    data = DataFile(
        header=DataFileHeader(cat_reporter_crd=123456, cat_submitter_id=99999,
                              correspondent_crd=3210),
        fdid_records=(fdid1, fdid2, fdid3),
        natural_persons=people,
        legal_entities=(entity,),
        corrections=corrections,
    )
    tids = TidsFile(tid_records=(
        TidRecord(customer_record_id=1, tid_type=TidType.SSN_ITIN,
                  tid_value=tid_for_ssn("999-99-9999")),
        TidRecord(customer_record_id=2, tid_type=TidType.FOREIGN,
                  foreign_tid_type=ForeignTidType.NATIONALID, foreign_tid_country_cd="GB",
                  tid_value=tid_for_foreign("GB 000 000 00")),
        TidRecord(customer_record_id=4, tid_type=TidType.SSN_ITIN,
                  tid_value=tid_for_ssn("111-11-1111")),
        TidRecord(customer_record_id=15, tid_type=TidType.SSN_ITIN,
                  tid_value=tid_for_ssn("000-00-0000")),
    ))
    name = SubmissionName(submitter_id=99999, reporter_crd=123456,
                          generation_date=dt.date(2020, 1, 1), group=None,
                          kind=FileKind.CAIS, file_number=123)
    return ExamplePair(data_name=name, data=data, tids=tids)


def _synthetic_ssn(rng: random.Random) -> str:
    """A well-formed SSN in the valid ranges; it is hashed at once and never stored."""
    while True:
        area = rng.randint(1, 899)
        if area != 666:
            break
    return f"{area:03d}-{rng.randint(1, 99):02d}-{rng.randint(1, 9999):04d}"


def demo_pair(*, seed: int = 7, generation_date: dt.date = dt.date(2024, 1, 2),
              reporter_crd: int = 7001, submitter_id: int = 7001) -> ExamplePair:
    """A small valid pair: an individual account, a joint account with a power of attorney,
    and an LLC account, as a self-reporting firm would send them."""
    rng = random.Random(seed)
    opened = 20230104
    people = (
        ("Avery", "Stone", 1961, "12 Elm Street", "Albany", "US-NY", "12207"),
        ("Blake", "Rivera", 1975, "48 Oak Avenue", "Austin", "US-TX", "73301"),
        ("Casey", "Rivera", 1977, "48 Oak Avenue", "Austin", "US-TX", "73301"),
        ("Drew", "Okafor", 1958, "9 Pine Road", "Denver", "US-CO", "80202"),
    )
    natural = []
    tid_records = []
    for cid, (first, last, yob, line1, city, region, postal) in enumerate(people, start=1):
        natural.append(NaturalPersonCustomer(
            customer_record_id=cid, first_name=first, last_name=last, year_of_birth=yob,
            address_list=(_us(AddrType.ADDRESS1, line1, city, region, postal),),
            customer_type=(NaturalPersonCustomerType.NOTAPPLICABLE,)))
        tid_records.append(TidRecord(customer_record_id=cid, tid_type=TidType.SSN_ITIN,
                                     tid_value=tid_for_ssn(_synthetic_ssn(rng))))
    ein = f"{rng.randint(10, 99)}-{rng.randint(1000000, 9999999)}"
    llc = LegalEntityCustomer(
        customer_record_id=5, legal_name="Stone Family Holdings LLC",
        address_list=(_us(AddrType.ADDRESS1, "1 Commerce Plaza", "Albany", "US-NY", "12207"),),
        ein=ein, customer_type=(LegalEntityCustomerType.NOTAPPLICABLE,))
    tid_records.append(TidRecord(customer_record_id=5, tid_type=TidType.EIN,
                                 tid_value=tid_for_ein(ein)))

    def account(rid: int, fdid: str, name: str, links: tuple[FdidCustomer, ...],
                person: int) -> FdidRecord:
        _, _, _, line1, city, region, postal = people[person]
        return FdidRecord(
            fdid_record_id=rid, firm_designated_id=fdid, fdid_type=FdidType.ACCOUNT,
            account_type=(AccountType.MARGIN,), account_name=name, clearing_broker_id=("0701",),
            fdid_date=opened, address_list=(_us(AddrType.ADDRESS1, line1, city, region, postal),),
            fdid_customer_list=links)

    fdids = (
        account(1, "DMO-0001", "Avery Stone Individual",
                (FdidCustomer(customer_record_id=1, role=Role.TRDHOLDER,
                              role_start_date=opened),), 0),
        account(2, "DMO-0002", "Rivera Joint Tenants",
                (FdidCustomer(customer_record_id=2, role=Role.TRDHOLDER, role_start_date=opened),
                 FdidCustomer(customer_record_id=3, role=Role.TRDHOLDER, role_start_date=opened),
                 FdidCustomer(customer_record_id=4, role=Role.AUTH3RD, has_discretion=True,
                              role_start_date=opened)), 1),
        account(3, "DMO-0003", "Stone Family Holdings",
                (FdidCustomer(customer_record_id=5, role=Role.TRDHOLDER, role_start_date=opened),
                 FdidCustomer(customer_record_id=1, role=Role.AUTH3RD, has_discretion=True,
                              role_start_date=opened)), 0),
    )
    data = DataFile(header=DataFileHeader(cat_reporter_crd=reporter_crd,
                                          cat_submitter_id=submitter_id),
                    fdid_records=fdids, natural_persons=tuple(natural), legal_entities=(llc,))
    name = SubmissionName(submitter_id=submitter_id, reporter_crd=reporter_crd,
                          generation_date=generation_date, group=None, kind=FileKind.CAIS,
                          file_number=1)
    return ExamplePair(data_name=name, data=data, tids=TidsFile(tid_records=tuple(tid_records)))


__all__ = ["ExamplePair", "demo_pair", "spec_5_1_5_example"]
