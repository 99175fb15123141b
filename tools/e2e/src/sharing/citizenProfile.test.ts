import { parseIdNumber } from '@civicgraph/identifiers';
import { startTestCivicGraph, type TestCivicGraph } from '@civicgraph/platform';

const CITIZEN_PROFILE = /* GraphQL */ `
  query CitizenProfile($id: ID!) {
    person(id: $id) {
      id
      idNumber
      name
      gender
      birthDate
      maritalStatus
      residenceDistrict {
        code
        name
      }
      residenceAddress {
        fullText
        districtCode: district {
          code
        }
        division {
          code
          fullName
          parent {
            code
          }
        }
      }
      householdAddress {
        id
      }
      licenses {
        identifier
        name
        status
        statusCode
        holderIdentifier
        holder {
          __typename
          ... on Person {
            id
          }
        }
        type {
          name
          holderKind
        }
      }
      representedEntities {
        uscc
        name
        legalRepresentative {
          id
          name
        }
        registeredAddress {
          fullText
          district {
            code
          }
        }
        district {
          code
        }
        licenses {
          name
          status
          holderIdentifier
          holder {
            __typename
            ... on LegalEntity {
              uscc
            }
          }
        }
      }
    }
  }
`;

describe('citizen profile through the gateway', () => {
  let city: TestCivicGraph;
  beforeAll(async () => {
    city = await startTestCivicGraph();
  });
  afterAll(() => city?.stop());

  async function aRepresentative(): Promise<string> {
    const [row] = await city.dbs['legal-entity'].query<{ representative_id: string }>(
      `SELECT representative_id FROM legal_entity WHERE status = 'ACTIVE' ORDER BY id LIMIT 1`,
    );
    return row!.representative_id;
  }

  it('joins all four subgraphs into one coherent record', async () => {
    const id = await aRepresentative();
    const { status, headers, body } = await city.query(CITIZEN_PROFILE, { id });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    // Personal data: no cache between the application and the gateway may keep it.
    expect(headers.get('cache-control')).toBe('no-store');
    const person = body.data!.person;

    // The ID number agrees with the record it identifies.
    const parsed = parseIdNumber(person.idNumber);
    expect(parsed).toMatchObject({ ok: true, value: { birthDate: person.birthDate, gender: person.gender } });
    // The residence address lies in the district the population database records, in a real township.
    expect(person.residenceAddress.districtCode.code).toBe(person.residenceDistrict.code);
    expect(person.residenceAddress.division.parent.code).toBe(person.residenceDistrict.code);
    expect(person.residenceAddress.division.code).toMatch(new RegExp(`^${person.residenceDistrict.code}\\d{3}$`));
    expect(person.residenceAddress.fullText).toContain(person.residenceDistrict.name);
    // Licenses are the person's own.
    for (const license of person.licenses) {
      expect(license).toMatchObject({ holderIdentifier: person.idNumber, holder: { __typename: 'Person', id }, type: { holderKind: 'PERSON' } });
    }
    // Represented entities point back at the person and carry their own licenses and addresses.
    expect(person.representedEntities.length).toBeGreaterThan(0);
    for (const entity of person.representedEntities) {
      expect(entity.legalRepresentative).toEqual({ id, name: person.name });
      expect(entity.registeredAddress.district.code).toBe(entity.district.code);
      expect(entity.uscc.slice(2, 8)).toBe(entity.district.code);
      for (const license of entity.licenses)
        expect(license).toMatchObject({ holderIdentifier: entity.uscc, holder: { __typename: 'LegalEntity', uscc: entity.uscc } });
    }
  });

  it('returns the same whole response for the same seed', async () => {
    const id = await aRepresentative();
    const { body } = await city.query(
      `query($id: ID!) { person(id: $id) { name idNumber residenceAddress { fullText } licenses { name number status } representedEntities { name uscc licenses { name status } } } }`,
      { id },
    );
    expect(body).toMatchInlineSnapshot(`
{
  "data": {
    "person": {
      "idNumber": "310114197212228372",
      "licenses": [
        {
          "name": "结婚证",
          "number": "J310114-2001-482241",
          "status": "VALID",
        },
      ],
      "name": "林玲琪",
      "representedEntities": [
        {
          "licenses": [
            {
              "name": "食品经营许可证",
              "status": "EXPIRED",
            },
            {
              "name": "营业执照",
              "status": "VALID",
            },
          ],
          "name": "上海嘉启餐饮管理有限公司",
          "uscc": "91310115MAWWU1E42K",
        },
      ],
      "residenceAddress": {
        "fullText": "上海市嘉定区外冈镇沙航路238号23号楼803室",
      },
    },
  },
}
`);
  });

  it('finds a resident by ID number, lower-case x accepted', async () => {
    const [row] = await city.dbs.population.query<{ id: string; id_number: string }>(
      `SELECT id, id_number FROM person WHERE id_number LIKE '%X' ORDER BY id LIMIT 1`,
    );
    const { body } = await city.query(`query($n: String!) { personByIdNumber(idNumber: $n) { id } }`, { n: row!.id_number.toLowerCase() });
    expect(body).toEqual({ data: { personByIdNumber: { id: row!.id } } });
  });

  it('answers null for an ID number nobody holds', async () => {
    const { body } = await city.query(`{ personByIdNumber(idNumber: "11010519491231002X") { id } }`);
    expect(body).toEqual({ data: { personByIdNumber: null } });
  });

  it('links parents and children both ways', async () => {
    const [row] = await city.dbs.population.query<{ id: string; father_id: string; mother_id: string }>(
      `SELECT id, father_id, mother_id FROM person WHERE father_id IS NOT NULL ORDER BY id LIMIT 1`,
    );
    const { body } = await city.query(`query($id: ID!) { person(id: $id) { father { id children { id } } mother { id } parents { id } } }`, { id: row!.id });
    const child = body.data!.person;
    expect(child.father.id).toBe(row!.father_id);
    expect(child.mother.id).toBe(row!.mother_id);
    expect(child.parents.map((p: { id: string }) => p.id).sort()).toEqual([row!.father_id, row!.mother_id].sort());
    expect(child.father.children.map((c: { id: string }) => c.id)).toContain(row!.id);
  });
});
