import { applyMask, maskAddress, maskIdNumber, maskName, maskPhone } from '../index';

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
