-- The business day's prices with the security attributes.
SELECT TRUNC(e.eod_date) AS eod_date,
       s.securityid,
       e.symbol,
       e.open_price,
       e.high_price,
       e.low_price,
       e.eod_price,
       e.volume,
       s.industryid,
       s.industry_name,
       s.sectorid,
       s.sector_name,
       s.security_name,
       s.lastsale,
       s.marketcap,
       s.ipoyear,
       DECODE(e.open_price, NULL, NULL, 0, NULL, e.eod_price - e.open_price) AS price_change,
       SYSDATE AS loaded_at
  FROM staging.eod_price e, staging.security_data s
 WHERE e.symbol = s.symbol
   AND TRUNC(e.eod_date) = :eod_date
