-- retail_etl.check_reconciliation: every staged line of a transaction of the
-- day must have reached dw.fact_sales; any row returned fails the batch.
SELECT l.txn_id, l.line_no
  FROM stg.sales_line l
 WHERE EXISTS (SELECT 1
                 FROM stg.sales_header h
                WHERE h.txn_id = l.txn_id
                  AND TRUNC(h.txn_ts) = :day)
MINUS
SELECT txn_id, line_no
  FROM dw.fact_sales
 WHERE date_key = TO_NUMBER(TO_CHAR(:day, 'YYYYMMDD'))
