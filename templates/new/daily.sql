-- The day's orders, counted and summed (Oracle SQL: NVL is translated).
SELECT order_date,
       COUNT(*) AS orders,
       SUM(NVL(amount, 0)) AS amount
  FROM staging.{{name}}_orders
 WHERE order_date = :run_date
 GROUP BY order_date
