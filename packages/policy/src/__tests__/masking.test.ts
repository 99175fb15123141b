import { applyMask, maskAddress, maskIdNumber, maskInferences, maskName, maskPhone } from '../index';

describe('masking (DOMAIN.md practice)', () => {
  it.each([
    [maskIdNumber('310101199003071230'), '310101********1230'],
    [maskIdNumber('11010519491231002X'), '110105********002X'],
    [maskPhone('13812341234'), '138****1234'],
    [maskName('张三'), '张*'],
    [maskName('欧阳娜娜'), '欧***'],
    [maskName('𠀋一'), '𠀋*'],
    [maskAddress('上海市黄浦区南京东路街道南京东路100号', '上海市黄浦区南京东路街道'), '上海市黄浦区南京东路街道****'],
    [maskAddress('北京市东城区某路1号', '上海市黄浦区'), '****'],
    [maskIdNumber('123'), '***'],
  ])('%s is %s', (masked, expected) => {
    expect(masked).toBe(expected);
  });
});

describe('applyMask', () => {
  it.each([
    ['ID_NUMBER', '310101199003071230', '310101********1230'],
    ['PHONE', '13812341234', '138****1234'],
    ['NAME', '张三丰', '张**'],
    ['ADDRESS', '上海市黄浦区南京东路街道南京东路100号3号楼101室', '上海市黄浦区南京东路街道****'],
    ['ADDRESS', '上海市浦东新区张江镇科苑路1号', '上海市浦东新区张江镇****'],
    ['ADDRESS', '上海市崇明区某路1号', '上海市崇明区****'],
  ] as const)('%s: %s → %s', (kind, value, masked) => {
    expect(applyMask(kind, value)).toBe(masked);
  });
});

describe('a mask shows only what the scenario may read anyway', () => {
  it('hides the gender digit of an ID number from a scenario not granted the gender', () => {
    expect(applyMask('ID_NUMBER', '310101199003071230', new Set(['Person.gender']))).toBe('310101********1230');
    expect(applyMask('ID_NUMBER', '310101199003071230', new Set())).toBe('310101********12*0');
    expect(maskIdNumber('11010519491231002X', false)).toBe('110105********00*X');
  });

  it('keeps an address down to the township, the district or nothing, as the scenario may read them', () => {
    const address = '上海市黄浦区南京东路街道南京东路100号';
    expect(applyMask('ADDRESS', address, new Set(['Address.division']))).toBe('上海市黄浦区南京东路街道****');
    expect(applyMask('ADDRESS', address, new Set(['Address.district']))).toBe('上海市黄浦区****');
    expect(applyMask('ADDRESS', address, new Set())).toBe('****');
  });
});

describe('mask inferences: grants that together undo a mask', () => {
  it('finds an ID number read masked beside the birth date, its hidden digits', () => {
    expect(maskInferences([{ coordinate: 'Person.idNumber', mask: 'ID_NUMBER' }, { coordinate: 'Person.birthDate' }, { coordinate: 'Person.name' }])).toEqual([
      { masked: 'Person.idNumber', revealedBy: 'Person.birthDate', reason: 'digits 7–14 of an ID number, which the mask hides, are the birth date' },
    ]);
  });

  it("finds the same value unmasked through another owner's coordinate", () => {
    expect(maskInferences([{ coordinate: 'Person.idNumber', mask: 'ID_NUMBER' }, { coordinate: 'License.holderIdentifier' }])).toEqual([
      { masked: 'Person.idNumber', revealedBy: 'License.holderIdentifier', reason: 'License.holderIdentifier gives the same citizen ID number unmasked' },
    ]);
    expect(maskInferences([{ coordinate: 'Person.name', mask: 'NAME' }, { coordinate: 'License.holderName' }])).toHaveLength(1);
  });

  it('finds an address read masked beside what lies below its township', () => {
    expect(
      maskInferences([{ coordinate: 'Address.fullText', mask: 'ADDRESS' }, { coordinate: 'Address.road' }, { coordinate: 'Address.latitude' }]).map(
        (i) => i.revealedBy,
      ),
    ).toEqual(['Address.road', 'Address.latitude']);
  });

  it('accepts masks nothing else gives away, and values granted unmasked everywhere', () => {
    expect(
      maskInferences([
        { coordinate: 'Person.idNumber', mask: 'ID_NUMBER' },
        { coordinate: 'Person.gender' },
        { coordinate: 'Person.residenceDistrict' },
        { coordinate: 'Person.name', mask: 'NAME' },
      ]),
    ).toEqual([]);
    expect(maskInferences([{ coordinate: 'Person.idNumber' }, { coordinate: 'Person.birthDate' }, { coordinate: 'License.holderIdentifier' }])).toEqual([]);
  });
});
