// Small entity files and lists the protocol tests write into temp workspaces (independent of samples/).

/** PY2024 SSP ACO: one LVT segment just above $90,000, a QP snapshot and a snapshot on an invalid date (QP004). */
export const ENTITY = `{
  "performanceYear": 2024,
  "apm": { "id": "SSP", "track": "ENHANCED" },
  "entity": { "id": "A1234", "name": "Protocol ACO" },
  "participationLists": ["a1234.participation.csv"],
  "lowVolume": {
    "segments": [
      { "start": "2023-10-01", "end": "2024-09-30", "allowedCharges": 90000.01, "beneficiaries": 300, "services": 300 }
    ]
  },
  "qp": {
    "snapshots": [
      { "date": "2024-06-30", "payments": { "numerator": 520, "denominator": 1000 }, "patients": { "numerator": 30, "denominator": 100 } },
      { "date": "2024-07-01", "payments": { "numerator": 1, "denominator": 10 } }
    ]
  },
  "app": { "reporting": true, "program": "app1", "qualityMeasures": ["001", "134"] }
}
`;

export const LIST = `apm_id,apm_entity_id,tin,npi,start_date,end_date
SSP,A1234,99-1000101,1999000015,,
SSP,A1234,991000101,1999000023,2024-07-15,
`;

/** An entity with no named lists and a list whose rows belong to another entity id. */
export const UNLINKED_ENTITY = `{
  "performanceYear": 2024,
  "apm": { "id": "SSP", "track": "ENHANCED" },
  "entity": { "id": "A1234" },
  "app": { "reporting": true, "program": "app1", "qualityMeasures": ["001"] }
}
`;
export const OTHER_ENTITY_LIST = `apm_id,apm_entity_id,tin,npi
SSP,A9999,991000101,1999000015
`;
