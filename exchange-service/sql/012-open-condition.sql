-- 012-open-condition: the 开放条件 of an entry open to the public on
-- conditions.
--
-- The core metadata's 开放属性 has two parts: 是否向社会开放 (open_attribute)
-- and 开放条件, the conditions under which an entry marked 有条件开放 is
-- opened. 001 kept only the first. open_condition holds the second: text for
-- every conditional entry, null for open and closed ones.
--
-- Entries already in the table get a condition chosen by a hash of their
-- code from the same five texts that seed-directory.sql gives new entries
-- (the seed runs after the migrations, so a fresh directory and a migrated
-- one read alike).

ALTER TABLE entry ADD COLUMN open_condition text;

UPDATE entry SET open_condition = (ARRAY[
	'依申请开放，申请人须说明用途并经提供方审核同意',
	'仅向注册登记的用户开放，不得用于商业用途',
	'脱敏后开放，不含个人身份信息和联系方式',
	'按区域、按年度汇总后开放，不提供明细数据',
	'签订数据开放利用协议后开放，使用情况按季度报告'])[(hashtext(code || 'o') & 2147483647) % 5 + 1]
WHERE open_attribute = 'conditional';

ALTER TABLE entry ADD CONSTRAINT entry_open_condition_check
	CHECK ((open_attribute = 'conditional') = (open_condition IS NOT NULL));
