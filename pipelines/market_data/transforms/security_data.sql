-- Security attributes with their industry and sector names (Oracle outer joins:
-- a security without a known sector or industry is kept, named 'Unknown').
SELECT s.securityid,
       s.symbol,
       s.name AS security_name,
       s.lastsale,
       s.marketcap,
       s.ipoyear,
       i.industryid,
       NVL(i.industry_name, 'Unknown') AS industry_name,
       r.sectorid,
       NVL(r.sector_name, 'Unknown') AS sector_name
  FROM staging.security s, staging.sector r, staging.industry i
 WHERE s.sectorid = r.sectorid (+)
   AND s.industryid = i.industryid (+)
