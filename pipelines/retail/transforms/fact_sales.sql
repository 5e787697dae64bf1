-- retail_etl.load_sales: the sales lines of the business day.
-- Transactions of another day (a late journal entry from the day before) are
-- dropped by the TRUNC(h.txn_ts) = :day filter, as in the legacy load.
-- Unknown stores, customers and products map to -1 (the package's c_unknown).
-- The product version is the one valid on the day of the transaction.
SELECT TO_NUMBER(TO_CHAR(TRUNC(h.txn_ts), 'YYYYMMDD')) AS date_key,
       l.txn_id,
       l.line_no,
       NVL(st.store_id, -1) AS store_id,
       NVL(c.customer_id, -1) AS customer_id,
       NVL((SELECT p.product_key
              FROM dw.dim_product p
             WHERE p.product_code = l.product_code
               AND TRUNC(h.txn_ts) BETWEEN p.valid_from
                                       AND NVL(p.valid_to, DATE '9999-12-31')),
           -1) AS product_key,
       l.quantity,
       ROUND(l.quantity * l.unit_price, 2) AS gross_amount,
       ROUND(l.quantity * l.unit_price * (1 - NVL(l.discount_pct, 0) / 100), 2) AS net_amount,
       DECODE(h.payment_type, 'C', 'CASH', 'K', 'CARD', 'G', 'GIFT', 'OTHER') AS payment_type
  FROM stg.sales_header h, stg.sales_line l, dw.dim_store st, dw.dim_customer c
 WHERE l.txn_id = h.txn_id
   AND st.store_id (+) = h.store_id
   AND c.customer_id (+) = h.customer_id
   AND TRUNC(h.txn_ts) = :day
